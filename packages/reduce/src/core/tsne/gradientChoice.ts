import { MAX_TRANSFORM } from './interpolation';
import type { TsneGradientMethod, TsneOptions } from './types';

/**
 * 'auto' in 2-D, measured (see README, "Benchmark"): the FFT's cost is mostly its grid, which
 * grows with the layout's extent, not with n; Barnes-Hut's grows with n. Single-thread repulsion
 * passes on 10-cluster layouts (2026-12-03, load 8-9 on 2 cores, so only the ratios count):
 * with a 256 transform (layouts up to 42 units wide) the FFT took 6.6× Barnes-Hut's time at
 * 2,000 points, 0.76× at 5,000, 0.9× at 10,000, 0.6× at 20,000 and 0.52× at 70,000; with a 512
 * transform (up to 85 units) 8.3× at 5,000, 3.4× at 10,000, 2× at 20,000 and 0.72× at 70,000
 * (FFT_512_MIN_POINTS lies between the last two). So below FFT_MIN_POINTS 'auto' is
 * Barnes-Hut throughout; above, each iteration takes the FFT while the layout fits a
 * full-resolution grid within `autoFftMaxTransform(n)` (t-SNE layouts start compact and expand),
 * and Barnes-Hut once it is wider. Whole runs on Fashion-MNIST (README, "Benchmark"): 'auto'
 * used 1.03× Barnes-Hut's CPU time at 10,000 rows and 0.90× at 70,000. Rerun 2026-12-03 at
 * 10,000 rows (load 2.3–3.1, 2 threads): auto 17.2 CPU s, Barnes-Hut 26.4, fft alone 102.0 (its
 * late iterations run on 1,024-point transforms), so 'fft' stays opt-in and 'auto' the default.
 * Rerun after `gather`'s cheaper self term (issue 15), single-thread CPU ms per pass by
 * `node bench/dist/bench/repulsion.js --n 5000,10000,20000,70000 --width 30,60,120` (load 20–25,
 * so ±20%): FFT over Barnes-Hut on 256 / 512 / 1,024 transforms 1.25 / 6.1 / 34 at 5,000 points,
 * 1.0 / 3.7 / 12 at 10,000, 0.58 / 1.7 / 5.6 at 20,000, 0.33 / 0.62 / 1.6 at 70,000: the same
 * crossovers, so the thresholds stand.
 * Rerun after the transforms moved to our WebAssembly FFT (../wasm/fft.ts; issue 15), same
 * command (plus --n 2000,3000 --width 30 and --n 15000,30000,40000,50000,60000 --width 60,120),
 * two runs each interleaved with the fft.js build, 2026-12-03 20:28–20:30, load 3.8–4.8: FFT over
 * Barnes-Hut on 256 transforms 1.0–1.3 at 2,000 points, 1.3–1.7 at 3,000, 0.63–0.65 at 5,000,
 * 0.5 at 10,000, 0.3 at 20,000, 0.17 at 70,000 (FFT_MIN_POINTS then stayed 5,000); on 512 transforms 1.7–1.9
 * at 10,000, 0.95–1.0 at 15,000, 0.85–0.93 at 20,000, 0.56 at 30,000, 0.3 at 70,000 (512 from
 * 20,000 then); on 1,024 transforms 2.7–3.0 at 20,000, 1.4 at 40,000, 1.07–1.18 at 50,000,
 * 0.85–0.95 at 60,000, 0.8 at 70,000 (1,024 from 60,000 then). The fft.js build in the same
 * runs: 256 / 512 / 1,024 at 70,000 points 0.2–0.3 / 0.6–0.7 / 1.7–1.8.
 * Rerun once Barnes-Hut's walk and force loops were WebAssembly kernels too (../wasm/groupForces;
 * the tree 0.53–0.65× its time), same command with the sizes below, two runs each, 2026-12-03
 * 21:30, load 1.0–1.3: FFT over Barnes-Hut on 256 transforms 1.1–1.7 at 5,000 points, 0.96–1.0
 * at 7,500, 0.74–0.77 at 10,000 (hence FFT_MIN_POINTS 7,500, before 5,000); on 512 transforms
 * 1.2–1.6 at 20,000, 1.0 at 30,000, 0.77–0.83 at 40,000, 0.56–0.69 at 50,000 and 0.54–0.56 at
 * 70,000 (512 from 35,000, before 20,000); on 1,024 transforms 1.3–1.4 at 70,000, 0.9–1.0 at
 * 100,000 and 0.75–0.82 at 140,000 (1,024 from 100,000, before 60,000).
 */
export const FFT_MIN_POINTS = 7500;
/** From this many points 'auto' also takes the FFT on 512 transforms (layouts up to 85 units). */
const FFT_512_MIN_POINTS = 35_000;
/** From this many points 'auto' also takes the FFT on 1,024 transforms (up to 170 units). */
const FFT_1024_MIN_POINTS = 100_000;

/** Largest FFT transform per side for `method` ('auto' by the measurements above). */
export function autoFftMaxTransform(n: number, method: TsneGradientMethod): number {
  if (method === 'fft' || n >= FFT_1024_MIN_POINTS) return MAX_TRANSFORM;
  return n >= FFT_512_MIN_POINTS ? 512 : 256;
}

/** The repulsion method of a run: 'auto' only where the FFT may be faster, else Barnes-Hut. */
export function resolveGradient(
  gradient: TsneOptions['gradient'],
  dims: 2 | 3,
  n: number,
): TsneGradientMethod {
  if (gradient === 'auto') return dims === 2 && n >= FFT_MIN_POINTS ? 'auto' : 'barnes-hut';
  if (gradient === 'fft' && dims !== 2)
    throw new Error(`tsneEmbed: gradient 'fft' is 2-D only; use 'barnes-hut' or 'auto' in 3-D`);
  if (gradient !== 'fft' && gradient !== 'barnes-hut')
    throw new Error(`tsneEmbed: gradient must be 'auto', 'fft' or 'barnes-hut', got ${gradient}`);
  return gradient;
}
