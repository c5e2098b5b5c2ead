/**
 * Where t-SNE's optimisation spends its time, by part, on the benchmark's input (PCA-64 of
 * Fashion-MNIST, see fashionMnist.ts), without the neighbour search: its graph (k = 75, the
 * search `tsneEmbed` runs) is computed once and cached beside the PCA. Usage (from
 * packages/reduce):
 *   node scripts/wasm.js && tsc -p bench/tsconfig.json && node bench/dist/bench/tsneParts.js [--n 10000,70000]
 *     [--gradient barnes-hut,auto] [--threads 1,2] [--iterations 1000] [--theta 0.5]
 * With one thread the gradient's tasks run through a timing runner, and each run prints the CPU
 * seconds of every part over the whole run:
 *   tsne-parts n=… gradient=… threads=1 seconds=… cpu_s=… attract_s=… tree_s=… repel_s=…
 *     fft_s=… update_s=… kl=… knn10=… sha=… load=…
 * (tree_s is the leader's tree build or FFT grid set-up, update_s the gains, momentum and
 * recentring step; sha the first digits of the layout's SHA-256, to check a change keeps the
 * bytes). With more threads only the totals, the optimisation's own wall seconds (opt_s) and
 * the quality are printed. The cached graph is the exact one since 'auto' searches 75
 * neighbours by brute force below 22,500 rows: delete the cache after changing the search.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { NeighborList } from '@latentlens/data';
import { knnLabelAccuracy } from '../src/core/quality';
import { serialRunner, type TaskRunner } from '../src/core/tasks';
import { optimizeTsne, TsneGradient } from '../src/core/tsne/optimize';
import { finishTsne, prepareTsne } from '../src/core/tsne/problem';
import { resolveTsneSettings, tsneNeighborCount } from '../src/core/tsne/settings';
import type { TsneGradientMethod, TsneOptions } from '../src/core/tsne/types';
import { nearestNeighborsParallel } from '../src/parallel/knnParallel';
import { tsneEmbedParallel } from '../src/parallel/tsneParallel';
import { cacheDir, fashionRows, loadFashionPca } from './fashionMnist';

function flag(name: string, fallback: string): string[] {
  const at = process.argv.indexOf(name);
  return (at >= 0 ? process.argv[at + 1] : fallback).split(',');
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The neighbour graph `tsneEmbed` would search for these rows, cached on disk. */
async function cachedGraph(data: Float32Array, n: number, d: number, k: number) {
  const file = join(cacheDir(), `fashion-mnist-knn-n${n}-k${k}.bin`);
  if (existsSync(file)) {
    const bytes = readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const indices = new Int32Array(buffer, 0, n * k);
    const distances = new Float32Array(buffer, 4 * n * k, n * k);
    return { n, k, indices, distances } satisfies NeighborList;
  }
  const graph = await nearestNeighborsParallel(data, n, d, k, { method: 'auto', seed: 0 });
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(graph.indices.buffer), Buffer.from(graph.distances.buffer)]),
  );
  return graph;
}

async function main(): Promise<void> {
  const all = loadFashionPca();
  const iterations = Number(flag('--iterations', '1000')[0]);
  const theta = Number(flag('--theta', '0.5')[0]);
  for (const n of flag('--n', '10000').map(Number)) {
    const { data, labels } = fashionRows(all, n);
    const d = all.d;
    const base: TsneOptions = { iterations, theta, seed: 0 };
    const k = tsneNeighborCount(resolveTsneSettings(base, n), n);
    const graph = await cachedGraph(data, n, d, k);
    for (const gradient of flag('--gradient', 'barnes-hut,auto') as TsneGradientMethod[]) {
      for (const threads of flag('--threads', '1').map(Number)) {
        const options = { ...base, gradient, graph };
        const fields: Record<string, number | string> = { n, gradient, threads };
        const cpu0 = cpuSeconds();
        const wall0 = performance.now();
        let coords: Float32Array;
        let kl: number;
        if (threads === 1) {
          const parts = { attract: 0, tree: 0, repel: 0, fft: 0, loop: 0 };
          const settings = resolveTsneSettings(options, n);
          const problem = prepareTsne(data, n, d, graph, settings);
          const layout = problem.start.slice();
          const grad = new TsneGradient(problem.P, layout, 2, theta, undefined, settings.gradient);
          const serial = serialRunner(grad.handlers);
          const runner: TaskRunner = {
            run(kind, count, first) {
              const t0 = cpuSeconds();
              first?.();
              const t1 = cpuSeconds();
              serial.run(kind, count);
              const t2 = cpuSeconds();
              parts.tree += t1 - t0;
              parts[kind === 0 ? 'attract' : kind === 1 ? 'repel' : 'fft'] += t2 - t1;
            },
          };
          const loop0 = cpuSeconds();
          optimizeTsne(problem.P, settings, layout, grad, runner);
          parts.loop = cpuSeconds() - loop0;
          const result = finishTsne(problem, layout);
          coords = result.coords;
          kl = result.kl;
          const inRunner = parts.attract + parts.tree + parts.repel + parts.fft;
          Object.assign(fields, {
            attract_s: parts.attract,
            tree_s: parts.tree,
            repel_s: parts.repel,
            fft_s: parts.fft,
            update_s: parts.loop - inRunner,
          });
        } else {
          let optStart = 0;
          const result = await tsneEmbedParallel(data, n, d, { ...options, threads }, (p) => {
            if (p.phase === 'affinities') optStart = performance.now();
          });
          fields.opt_s = (performance.now() - optStart) / 1000;
          coords = result.coords;
          kl = result.kl;
        }
        const seconds = (performance.now() - wall0) / 1000;
        const cpu = cpuSeconds() - cpu0;
        // Seconds with two decimals; counts and names as they are.
        const shown = Object.entries({ seconds, cpu_s: cpu, ...fields })
          .map(
            ([key, v]) =>
              `${key}=${typeof v === 'number' && key !== 'n' && key !== 'threads' ? v.toFixed(2) : v}`,
          )
          .join(' ');
        const knn10 = knnLabelAccuracy(coords, 2, labels, 10);
        // The first 12 hex digits of the layout's SHA-256: equal bytes across runs and thread counts.
        const sha = createHash('sha256').update(coords).digest('hex').slice(0, 12);
        console.log(
          `tsne-parts ${shown} kl=${kl.toFixed(4)} knn10=${knn10.toFixed(4)} sha=${sha} load=${loadavg()[0].toFixed(2)}`,
        );
      }
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
