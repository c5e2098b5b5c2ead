/**
 * Benchmark of the neighbour search on PCA-64 of Fashion-MNIST (see fashionMnist.ts), through
 * `nearestNeighborsParallel`: by default the approximate one (`approxKnn`, NN-descent); `--method`
 * takes any of approx, exact and auto (what t-SNE and UMAP use). Usage (from packages/reduce):
 *   npm run bench:knn [-- --n 10000,70000] [--k 15,75] [--threads 1,2] [--method approx,auto]
 *     [--peers] [--pynndescent]
 * Each (n, k, method, threads) prints
 *   knn n=70000 k=75 threads=2 method=approx seconds=8.1 cpu_s=15.2 recall=0.9987 load=1.9
 * with wall and CPU seconds (all threads, the workers' start included), recall@k against brute
 * force on 1,000 sampled rows (see recall.ts) and the 1-minute load average. `--peers` also runs
 * hnswlib (Debian's python3-hnswlib, run by /usr/bin/python3 since a pyenv python3 may come
 * first on PATH; M 16, ef_construction 200, ef = k + 1, the same threads) on the same rows,
 * handed over as a .npy file, and prints
 *   peer=hnswlib n=70000 k=75 threads=2 seconds=… cpu_s=… recall=… ours_s=… ratio=… …
 * where ratio is our wall time over hnswlib's (index build plus query) and cpu_ratio the same in
 * CPU time; `--pynndescent` does the same with pynndescent (its numba compilation not counted).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { nearestNeighborsParallel } from '../src/parallel/knnParallel';
import { fashionRows, loadFashionPca } from './fashionMnist';
import { sampledRecall } from './recall';

function list(args: string[], name: string, fallback: number[]): number[] {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1].split(',').map(Number) : fallback;
}

/** `rows` × `d` float32 values as a NumPy .npy file (format 1.0, little-endian, C order). */
function npy(data: Float32Array, rows: number, d: number): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${d}), }`;
  // Magic (6) + version (2) + length (2) + header + '\n', padded to a multiple of 64 bytes.
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 11) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head.writeUInt8(1, 6);
  head.writeUInt8(0, 7);
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, rows * d * 4);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

function fixed(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

function load(): string {
  return `load=${fixed(loadavg()[0], 2)}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizes = list(args, '--n', [10_000, 70_000]);
  const ks = list(args, '--k', [15, 75]);
  const threadCounts = list(args, '--threads', [2]);
  const methodAt = args.indexOf('--method');
  const methods = (methodAt >= 0 ? args[methodAt + 1] : 'approx').split(',');
  for (const method of methods)
    if (method !== 'approx' && method !== 'exact' && method !== 'auto')
      throw new Error(`--method ${method}: use approx, exact or auto`);
  const runs = threadCounts.flatMap((threads) =>
    methods.map((method) => ({ threads, method: method as 'approx' | 'exact' | 'auto' })),
  );
  const peers = [
    ...(args.includes('--peers') ? ['hnswlib'] : []),
    ...(args.includes('--pynndescent') ? ['pynndescent'] : []),
  ];
  const all = loadFashionPca();
  const dir = mkdtempSync(join(tmpdir(), 'latentlens-knn-'));
  try {
    for (const n of sizes) {
      const { data } = fashionRows(all, n);
      const d = data.length / n;
      const input = join(dir, `rows${n}.npy`);
      if (peers.length > 0) writeFileSync(input, npy(data, n, d));
      for (const k of ks) {
        for (const { threads, method } of runs) {
          const cpu = process.cpuUsage();
          const started = performance.now();
          const graph = await nearestNeighborsParallel(data, n, d, k, {
            method,
            seed: 0,
            threads,
          });
          const seconds = (performance.now() - started) / 1000;
          const used = process.cpuUsage(cpu);
          const cpuS = (used.user + used.system) / 1e6;
          const recall = sampledRecall(data, n, d, graph.indices, k);
          const fields = `n=${n} k=${k} threads=${threads} method=${method}`;
          const ours = `seconds=${fixed(seconds, 2)} cpu_s=${fixed(cpuS, 2)}`;
          console.log(`knn ${fields} ${ours} recall=${fixed(recall, 4)} ${load()}`);
          for (const peer of peers) {
            const output = join(dir, 'found.i32');
            const printed = execFileSync(
              '/usr/bin/python3',
              [
                join(__dirname, '../../knnPeers.py'),
                peer,
                input,
                `${k}`,
                `${threads}`,
                output,
                `${k + 1}`,
              ],
              { encoding: 'utf8' },
            );
            const [peerS, peerCpu] = printed.trim().split(/\s+/).map(Number);
            const bytes = readFileSync(output);
            const found = new Int32Array(bytes.buffer, bytes.byteOffset, n * k);
            const peerRecall = sampledRecall(data, n, d, found, k);
            const theirs = `seconds=${fixed(peerS, 2)} cpu_s=${fixed(peerCpu, 2)}`;
            const ratios = `ratio=${fixed(seconds / peerS, 2)} cpu_ratio=${fixed(cpuS / peerCpu, 2)}`;
            console.log(
              `peer=${peer} ${fields} ${theirs} recall=${fixed(peerRecall, 4)} ` +
                `ours_s=${fixed(seconds, 2)} ${ratios} ${load()}`,
            );
          }
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
