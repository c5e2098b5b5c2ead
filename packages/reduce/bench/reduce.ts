/**
 * Benchmark of @latentlens/reduce on PCA-64 of Fashion-MNIST (see fashionMnist.ts): t-SNE, UMAP,
 * PCA and the neighbour search on 10,000 (the test images) and 70,000 (all) rows, through the
 * fastest path (`reduceParallel`, worker threads), beside the peers: exact t-SNE (tsne-js) on
 * 1,000 rows and plain umap-js (its own neighbour search) on 2,000 and 10,000. UMAP runs with
 * both engines, ours and umap-js's descent on our graph (at 70,000 rows only with `--slow`).
 * Usage (from packages/reduce):
 *   npm run bench:reduce [-- --only tsne,umap,pca,knn,tsne-exact,umap-js] [--n 10000]
 *     [--threads 2] [--gradient barnes-hut,fft,auto] [--engine latentlens,umap-js]
 *     [--init spectral] [--iterations 750] [--slow] [--peers]
 * `--n` replaces every selected run's row counts. Each run is its own child process, so its peak
 * RSS is its own, and prints one line, e.g.
 *   reduce method=tsne n=10000 gradient=fft seconds=9.8 cpu_s=17.5 knn10=0.812 trust10=0.991 kl=1.49 rss_mb=610 threads=2 load=1.9
 * `--peers` also runs uwot (R package `uwot`, Debian's r-cran-uwot, through `Rscript`) after
 * each UMAP size, on the same PCA-64 rows (handed over as a raw float32 file) with 2 threads,
 * 15 neighbours, min_dist 0.1 and our number of epochs, and prints
 *   peer=uwot n=10000 seconds=6.1 cpu_s=11.0 knn10=0.763 trust10=0.986 ours_s=4.0 ours_cpu_s=7.2 load=1.9 ratio=0.66 cpu_ratio=0.65
 * where seconds is uwot's own wall time inside R, cpu_s its CPU time (R's user + system, all
 * threads), ratio = ours / uwot in wall time and cpu_ratio in CPU time (our latentlens engine in
 * the same run). On a machine shared with other work the wall ratio mostly measures scheduling;
 * the CPU ratio is then the fairer one.
 * seconds is wall time of the reduction (neighbours and thread start included), cpu_s the CPU
 * time of all its threads, load the 1-minute load average at its end: other processes sharing
 * the machine show in seconds, much less in cpu_s. knn10 is 10-NN label accuracy in the
 * embedding, trust10 trustworthiness (1,000 sampled rows). knn lines give recall@k against brute
 * force on 1,000 sampled rows. t-SNE lines also split `seconds` by phase (knn_s, to50_s,
 * early_s, late_s: see `phaseSeconds`), UMAP lines (our engine) likewise (pool_s, knn_s, graph_s,
 * init_s, epochs_s: see `umapPhaseSeconds`). t-SNE runs once per `--gradient` (default all three); with
 * `--peers` each t-SNE size is also run by Rtsne (see rtsne.ts), printed as
 *   peer=rtsne n=10000 seconds=15.6 knn10=0.803 threads=2
 * with our runs' seconds as multiples of its (`ratio_to_rtsne n=10000 barnes-hut=0.42 ...`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UMAP } from 'umap-js';
import { nearestNeighborsParallel } from '../src/parallel/knnParallel';
import { reduceParallel } from '../src/parallel/reduceParallel';
import { resolveThreads } from '@latentlens/data';
import { knnLabelAccuracy, trustworthiness } from '../src/core/quality';
import { seededRandom } from '../src/core/random';
import type { ReduceConfig } from '../src/core/reduce';
import { fashionRows, loadFashionPca } from './fashionMnist';
import { sampledRecall } from './recall';
import { rtsneEmbed } from './rtsne';

interface Run {
  method: string;
  sizes: number[];
  /** UMAP's engine. */
  engine?: string;
  /** Sizes run only with `--slow`. */
  slowSizes?: number[];
}

const RUNS: Run[] = [
  { method: 'pca', sizes: [10_000, 70_000] },
  { method: 'knn', sizes: [70_000] },
  { method: 'tsne', sizes: [10_000, 70_000] },
  { method: 'umap', engine: 'latentlens', sizes: [10_000, 70_000] },
  { method: 'umap', engine: 'umap-js', sizes: [10_000], slowSizes: [70_000] },
  { method: 'tsne-exact', sizes: [1_000] },
  { method: 'umap-js', sizes: [2_000, 10_000] },
];
/** t-SNE's repulsion methods, each its own run (`--gradient` picks some). */
const TSNE_GRADIENTS = ['barnes-hut', 'fft', 'auto'];
/** Neighbour counts of the knn runs: UMAP's (15 with the point itself) and t-SNE's (3 × 25). */
const KNN_K = [14, 75];
const SAMPLE = 1000;

function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** Decimals of each field (integers and strings print as they are). */
const DECIMALS: Record<string, number> = {
  seconds: 1,
  cpu_s: 1,
  knn_s: 1,
  to50_s: 1,
  early_s: 1,
  late_s: 1,
  pool_s: 2,
  graph_s: 2,
  init_s: 2,
  epochs_s: 1,
  ours_s: 1,
  ours_cpu_s: 1,
  knn10: 4,
  trust10: 4,
  recall: 4,
  kl: 3,
  rss_mb: 0,
  load: 2,
};

function format(fields: Record<string, string | number>): string {
  return Object.entries(fields)
    .map(([key, value]) => {
      const decimals = DECIMALS[key];
      const text =
        typeof value === 'number' && decimals !== undefined ? value.toFixed(decimals) : value;
      return `${key}=${text}`;
    })
    .join(' ');
}

/** Wall seconds and CPU seconds (all threads) of `work`. */
async function timed<T>(
  work: () => Promise<T> | T,
): Promise<{ result: T; seconds: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { result, seconds, cpu: (used.user + used.system) / 1e6 };
}

function endFields(): Record<string, number> {
  return { rss_mb: process.resourceUsage().maxRSS / 1024, load: loadavg()[0] };
}

interface ChildOptions {
  threads?: number;
  gradient?: string;
  /** t-SNE's iteration count (its default when undefined). */
  iterations?: number;
  engine?: string;
  init?: string;
}

async function runChild(method: string, n: number, options: ChildOptions): Promise<void> {
  const { threads, gradient } = options;
  const { data, labels } = fashionRows(loadFashionPca(), n);
  const d = data.length / n;
  if (method === 'knn') {
    for (const k of KNN_K) {
      const { result, seconds, cpu } = await timed(() =>
        nearestNeighborsParallel(data, n, d, k, { method: 'approx', seed: 0, threads }),
      );
      const recall = sampledRecall(data, n, d, result.indices, k);
      console.log(
        `reduce ${format({ method, n, k, seconds, cpu_s: cpu, recall, ...endFields() })}`,
      );
    }
    return;
  }
  if (method === 'rtsne') {
    const { coords, seconds } = rtsneEmbed(data, n, d);
    const knn10 = knnLabelAccuracy(coords, 2, labels, 10);
    console.log(`peer=rtsne ${format({ n, seconds, knn10, threads: 2 })}`);
    return;
  }
  const { result, seconds, cpu } = await timed(() => embed(method, data, n, d, options));
  const fields: Record<string, string | number> = { method, n };
  if (gradient !== undefined) fields.gradient = gradient;
  if (method === 'umap') fields.engine = options.engine ?? 'latentlens';
  if (method === 'umap-js') fields.engine = 'umap-js-alone';
  if (options.init !== undefined) fields.init = options.init;
  if (options.iterations !== undefined) fields.iterations = options.iterations;
  Object.assign(fields, { seconds, cpu_s: cpu });
  fields.knn10 = knnLabelAccuracy(result.coords, 2, labels, 10);
  fields.trust10 = trustworthiness(data, d, result.coords, 2, 10, { sample: SAMPLE, seed: 0 });
  if (result.kl !== undefined) fields.kl = result.kl;
  if (method === 'tsne' || method === 'umap') fields.threads = resolveThreads(threads, n);
  if (method === 'tsne') Object.assign(fields, phaseSeconds(seconds));
  if (method === 'umap' && (options.engine ?? 'latentlens') === 'latentlens')
    Object.assign(fields, umapPhaseSeconds(seconds));
  console.log(`reduce ${format({ ...fields, ...endFields() })}`);
}

async function embed(
  method: string,
  data: Float32Array,
  n: number,
  d: number,
  { threads, gradient, engine, init, iterations }: ChildOptions,
): Promise<{ coords: Float32Array; kl?: number }> {
  if (method === 'umap-js') {
    const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
    const umap = new UMAP({
      nComponents: 2,
      nNeighbors: 15,
      minDist: 0.1,
      random: seededRandom(0),
    });
    return { coords: Float32Array.from(umap.fit(rows).flat()) };
  }
  const config: ReduceConfig = { method, dims: 2, seed: 0 };
  if (gradient !== undefined) config.gradient = gradient;
  if (iterations !== undefined) config.iterations = iterations;
  if (method === 'umap') Object.assign(config, { engine, init });
  // tsne-exact runs in the calling thread here too (tsne-js has no threads).
  phaseStarts.set('start', performance.now());
  const result = await reduceParallel(data, n, d, config, notePhase, { threads });
  return { coords: result.coords, kl: result.stats.kl };
}

/**
 * When each phase of the run was first reported (ms). Progress comes every 50 iterations, so
 * 'optimize' is first seen after 50 of them; 'late' marks the end of early exaggeration.
 */
const phaseStarts = new Map<string, number>();
const EARLY_ITERATIONS = 250;

function notePhase(phase: string, done?: number): void {
  if (!phaseStarts.has(phase)) phaseStarts.set(phase, performance.now());
  if (phase === 'optimize' && done === EARLY_ITERATIONS) phaseStarts.set('late', performance.now());
}

/**
 * t-SNE's wall seconds by phase: neighbours; affinities, start and the first 50 iterations;
 * iterations 51-250 (early exaggeration); the other 750 and the final KL.
 */
function phaseSeconds(total: number): Record<string, number> {
  const at = (phase: string) => (phaseStarts.get(phase) ?? NaN) / 1000;
  const start = at('start');
  return {
    knn_s: at('affinities') - at('neighbors'),
    to50_s: at('optimize') - at('affinities'),
    early_s: at('late') - at('optimize'),
    late_s: start + total - at('late'),
  };
}

/**
 * UMAP's wall seconds by phase: the worker threads' start (to the first progress); the
 * neighbours; the fuzzy set (and, on threads, the layout's edges and shared memory); the start
 * (spectral: the eigenvectors) up to the first epoch's end; the other epochs and the copy out.
 */
function umapPhaseSeconds(total: number): Record<string, number> {
  const at = (phase: string) => (phaseStarts.get(phase) ?? NaN) / 1000;
  const start = at('start');
  return {
    pool_s: at('neighbors') - start,
    knn_s: at('graph') - at('neighbors'),
    graph_s: at('init') - at('graph'),
    init_s: at('optimize') - at('init'),
    epochs_s: start + total - at('optimize'),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const threadsFlag = flag(args, '--threads');
  const threads = threadsFlag === undefined ? undefined : Number(threadsFlag);
  const init = flag(args, '--init');
  const child = flag(args, '--child');
  if (child !== undefined) {
    const engine = flag(args, '--engine');
    const gradient = flag(args, '--gradient');
    const iterations = Number(flag(args, '--iterations')) || undefined;
    await runChild(child, Number(flag(args, '--rows')), {
      threads,
      gradient,
      engine,
      init,
      iterations,
    });
    return;
  }
  const only = flag(args, '--only')?.split(',');
  const engines = flag(args, '--engine')?.split(',');
  const sizes = flag(args, '--n')?.split(',').map(Number);
  const gradients = flag(args, '--gradient')?.split(',') ?? TSNE_GRADIENTS;
  const iterationsFlag = flag(args, '--iterations');
  const slow = args.includes('--slow');
  const peers = args.includes('--peers');
  const methods = [...new Set(RUNS.map((r) => r.method))];
  if (only !== undefined && !only.every((m) => methods.includes(m)))
    throw new Error(`--only: known runs are ${methods.join(', ')}`);
  const runs = RUNS.filter(
    (r) =>
      (only === undefined || only.includes(r.method)) &&
      (engines === undefined || r.engine === undefined || engines.includes(r.engine)),
  );
  // Fit (or read) the cached PCA once, before the children race to it.
  console.error(`input: ${loadFashionPca().source}`);
  for (const run of runs) {
    for (const n of sizes ?? [...run.sizes, ...(slow ? (run.slowSizes ?? []) : [])]) {
      // t-SNE runs once per repulsion method (TSNE_GRADIENTS), the others once.
      const seconds: Record<string, number> = {};
      for (const gradient of run.method === 'tsne' ? gradients : [undefined]) {
        const childArgs = [__filename, '--child', run.method, '--rows', String(n)];
        if (threadsFlag !== undefined) childArgs.push('--threads', threadsFlag);
        if (gradient !== undefined) childArgs.push('--gradient', gradient);
        if (iterationsFlag !== undefined && run.method === 'tsne')
          childArgs.push('--iterations', iterationsFlag);
        if (run.engine !== undefined) childArgs.push('--engine', run.engine);
        if (init !== undefined && run.method === 'umap') childArgs.push('--init', init);
        const line = runChildProcess(childArgs);
        if (gradient !== undefined) seconds[gradient] = secondsOf(line);
        if (run.engine === 'latentlens' && peers)
          runUwot(n, { seconds: secondsOf(line), cpu: Number(/cpu_s=([\d.]+)/.exec(line)?.[1]) });
      }
      if (run.method === 'tsne' && peers) {
        const peer = secondsOf(
          runChildProcess([__filename, '--child', 'rtsne', '--rows', String(n)]),
        );
        const ratios = Object.entries(seconds).map(([g, s]) => `${g}=${(s / peer).toFixed(2)}`);
        console.log(`ratio_to_rtsne n=${n} ${ratios.join(' ')}`);
      }
    }
  }
}

/** Runs one child, echoes what it prints and returns that. */
function runChildProcess(args: string[]): string {
  const printed = execFileSync(process.execPath, [...process.execArgv, ...args], {
    encoding: 'utf8',
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  process.stdout.write(printed);
  return printed;
}

function secondsOf(line: string): number {
  return Number(/seconds=([\d.]+)/.exec(line)?.[1]);
}

/**
 * uwot on the same rows as our UMAP run of `n` rows, in the same settings, through Rscript: the
 * rows go over as a raw little-endian float32 file, the layout comes back the same way.
 */
function runUwot(n: number, ours: { seconds: number; cpu: number }): void {
  const { data, labels } = fashionRows(loadFashionPca(), n);
  const d = data.length / n;
  const dir = mkdtempSync(join(tmpdir(), 'latentlens-uwot-'));
  try {
    const input = join(dir, 'input.f32');
    const output = join(dir, 'layout.f32');
    writeFileSync(input, data);
    const epochs = n > 10_000 ? 200 : 500;
    const script = [
      'suppressPackageStartupMessages(library(uwot))',
      `x <- matrix(readBin("${input}", "numeric", n = ${n * d}, size = 4, endian = "little"), nrow = ${n}, byrow = TRUE)`,
      'set.seed(0)',
      `timing <- system.time(y <- umap(x, n_neighbors = 15, min_dist = 0.1, n_epochs = ${epochs}, n_threads = 2, n_sgd_threads = 2))`,
      `writeBin(as.vector(t(y)), "${output}", size = 4, endian = "little")`,
      'cat(timing[["elapsed"]], timing[["user.self"]] + timing[["sys.self"]], "\\n")',
    ].join('\n');
    const printed = execFileSync('Rscript', ['-e', script], { encoding: 'utf8' }).trim();
    const [seconds, cpu] = printed.split(/\s+/).map(Number);
    const bytes = readFileSync(output);
    const coords = new Float32Array(bytes.buffer, bytes.byteOffset, n * 2);
    const knn10 = knnLabelAccuracy(coords, 2, labels, 10);
    const trust10 = trustworthiness(data, d, coords, 2, 10, { sample: SAMPLE, seed: 0 });
    const fields = { n, seconds, cpu_s: cpu, knn10, trust10, ours_s: ours.seconds };
    const ratios = `ratio=${(ours.seconds / seconds).toFixed(2)} cpu_ratio=${(ours.cpu / cpu).toFixed(2)}`;
    console.log(
      `peer=uwot ${format({ ...fields, ours_cpu_s: ours.cpu, load: loadavg()[0] })} ${ratios}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
