/**
 * One t-SNE repulsion pass, by part, in one thread: the FFT interpolation's passes (spread with
 * the kernel's row transforms, the kernel's column transforms, the charge grids' column
 * convolution, gather with the inverse row transforms) beside Barnes-Hut's, on 2-D layouts of 10
 * Gaussian clusters (as t-SNE layouts look) of a given width. Usage (from packages/reduce):
 *   tsc -p bench/tsconfig.json && node bench/dist/bench/repulsion.js [--n 10000,70000]
 *     [--width 40,80,160] [--reps 5]
 * prints per layout
 *   repulsion n=10000 width=80 transform=512 spread_ms=3.1 kernel_ms=2.0 convolve_ms=20.5 gather_ms=4.2 fft_ms=29.8 bh_ms=25.0 load=2.1
 * (CPU milliseconds per pass, the mean of `reps` after one warm-up; load is the 1-minute average).
 */
import { loadavg } from 'node:os';
import { seededRandom } from '../src/core/random';
import { FftRepulsion } from '../src/core/tsne/fftRepulsion';
import { chooseGrid } from '../src/core/tsne/interpolation';
import { gaussianSource } from '../src/core/tsne/random';
import { BarnesHutRepulsion } from '../src/core/tsne/repulsion';
import type { TaskRunner } from '../src/core/tasks';

const CLUSTERS = 10;
const min = (a: number, b: number) => Math.min(a, b);
const max = (a: number, b: number) => Math.max(a, b);

/** CPU milliseconds of this process (one thread runs here, so on a loaded machine this is fairer than wall time). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function flag(name: string, fallback: string): number[] {
  const at = process.argv.indexOf(name);
  return (at >= 0 ? process.argv[at + 1] : fallback).split(',').map(Number);
}

/** n points in CLUSTERS Gaussian blobs whose centres span about `width` units. */
function clusteredLayout(n: number, width: number): Float64Array {
  const random = seededRandom(1);
  const gauss = gaussianSource(random);
  const centres = Array.from({ length: CLUSTERS }, () => [random() - 0.5, random() - 0.5]);
  const coords = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = centres[i % CLUSTERS];
    coords[2 * i] = 0.8 * width * cx + 0.05 * width * gauss();
    coords[2 * i + 1] = 0.8 * width * cy + 0.05 * width * gauss();
  }
  return coords;
}

function main(): void {
  const reps = flag('--reps', '5')[0];
  for (const n of flag('--n', '10000,70000')) {
    for (const width of flag('--width', '40,80,160')) {
      const coords = clusteredLayout(n, width);
      const out = new Float64Array(2 * n);
      const fft = new FftRepulsion(n, coords, out);
      // Milliseconds per task kind (spread, kernel columns, convolve, gather).
      const spent = [0, 0, 0, 0];
      const runner: TaskRunner = {
        run(kind, count, first) {
          first?.();
          const started = cpuMs();
          for (let task = 0; task < count; task++) fft.handlers[kind](task);
          spent[kind] += cpuMs() - started;
        },
      };
      const bh = new BarnesHutRepulsion(n, 2, 0.5);
      let bhMs = 0;
      for (let rep = 0; rep <= reps; rep++) {
        if (rep === 1) spent.fill(0);
        fft.prepare();
        fft.forces(runner);
        const started = cpuMs();
        bh.forces(coords, out);
        if (rep > 0) bhMs += cpuMs() - started;
      }
      const [spread, kernel, convolve, gather] = spent.map((ms) => ms / reps);
      const { size } = chooseGrid(coords.reduce(min), coords.reduce(max));
      console.log(
        `repulsion n=${n} width=${width} transform=${size} spread_ms=${spread.toFixed(1)}` +
          ` kernel_ms=${kernel.toFixed(1)} convolve_ms=${convolve.toFixed(1)}` +
          ` gather_ms=${gather.toFixed(1)} fft_ms=${(spread + kernel + convolve + gather).toFixed(1)}` +
          ` bh_ms=${(bhMs / reps).toFixed(1)} load=${loadavg()[0].toFixed(2)}`,
      );
    }
  }
}

main();
