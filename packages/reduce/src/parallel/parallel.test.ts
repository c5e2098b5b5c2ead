import { exactKnn, nearestNeighbors } from '../core/knn';
import { approxKnn } from '../core/knnApprox';
import { reduce } from '../core/reduce';
import { gaussianClusters } from '../core/test-helpers/clusters';
import { tsneEmbed } from '../core/tsne/tsne';
import type { TsneProgress } from '../core/tsne/types';
import { umapEmbed } from '../core/umap';
import { nearestNeighborsParallel, neighborsOnPool } from './knnParallel';
import { withPool } from './jobPool';
import { reduceParallel } from './reduceParallel';
import { tsneEmbedParallel } from './tsneParallel';
import { umapEmbedParallel } from './umapParallel';

function same(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

// 2,100 points: 'auto' neighbours are approximate here for k <= 7 (the larger of 2,000 rows and
// 300 k, see nearestNeighborsMethod).
const d = 8;
const { data, n } = gaussianClusters(7, 300, d, 4, 3);

describe('worker threads give the bytes of one thread', () => {
  test('exact and approximate neighbours on 3 threads, and on 2', async () => {
    // An integer grid, where many distances tie: the merged lists still order them by row.
    const grid = Float32Array.from({ length: 2 * 900 }, (_, v) =>
      v % 2 === 0 ? (v / 2) % 30 : Math.floor(v / 60),
    );
    await withPool(3, async (pool) => {
      const exact = await neighborsOnPool(pool, data, n, d, 20, { method: 'exact' });
      const serial = exactKnn(data, n, d, 20);
      expect(same(exact.indices, serial.indices)).toBe(true);
      expect(same(exact.distances, serial.distances)).toBe(true);
      const tied = await neighborsOnPool(pool, grid, 900, 2, 12, { method: 'exact' });
      expect(same(tied.indices, exactKnn(grid, 900, 2, 12).indices)).toBe(true);
      const approx = await neighborsOnPool(pool, data, n, d, 15, { method: 'approx', seed: 4 });
      const serialApprox = approxKnn(data, n, d, 15, { seed: 4 });
      expect(same(approx.indices, serialApprox.indices)).toBe(true);
      expect(same(approx.distances, serialApprox.distances)).toBe(true);
    });
    const two = await nearestNeighborsParallel(data, n, d, 15, {
      method: 'approx',
      seed: 4,
      threads: 2,
    });
    expect(same(two.indices, approxKnn(data, n, d, 15, { seed: 4 }).indices)).toBe(true);
  });

  test('t-SNE in 2-D on 2 threads (approximate neighbours) and in 3-D on 3', async () => {
    // Perplexity 2: 6 neighbours, so that 'auto' searches approximately.
    const options = { perplexity: 2, iterations: 60, seed: 7 };
    const events: TsneProgress[] = [];
    const parallel = await tsneEmbedParallel(data, n, d, { ...options, threads: 2 }, (p) =>
      events.push(p),
    );
    const serial = tsneEmbed(data, n, d, options);
    expect(same(parallel.coords, serial.coords)).toBe(true);
    expect(parallel.kl).toBe(serial.kl);
    expect(events.map((e) => e.phase).slice(0, 2)).toEqual(['neighbors', 'affinities']);
    expect(events.filter((e) => e.phase === 'optimize').map((e) => e.iteration)).toEqual([50, 60]);
    const fft = { ...options, gradient: 'fft' as const };
    const fftOnTwo = await tsneEmbedParallel(data, n, d, { ...fft, threads: 2 });
    expect(same(fftOnTwo.coords, tsneEmbed(data, n, d, fft).coords)).toBe(true);
    const small = gaussianClusters(3, 200, d, 4, 9);
    const three = { ...options, dims: 3 as const };
    const inThree = await tsneEmbedParallel(small.data, small.n, d, { ...three, threads: 3 });
    expect(same(inThree.coords, tsneEmbed(small.data, small.n, d, three).coords)).toBe(true);
  });

  test("t-SNE 'auto' on 2 threads, switching from the FFT to the tree as the layout widens", async () => {
    // 7,500 points: the least 'auto' takes the FFT at (gradientChoice.ts). No early exaggeration
    // and a large step, so that the layout outgrows the 256-point grid (42 units) within the run,
    // and the helper thread must change from its FFT memory to a tree mid-run.
    const big = gaussianClusters(10, 750, d, 4, 11);
    const options = {
      perplexity: 2,
      iterations: 40,
      earlyExaggerationIterations: 0,
      learningRate: 50_000,
      seed: 3,
    };
    const parallel = await tsneEmbedParallel(big.data, big.n, d, { ...options, threads: 2 });
    const serial = tsneEmbed(big.data, big.n, d, options);
    expect(same(parallel.coords, serial.coords)).toBe(true);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of serial.coords) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect(hi - lo).toBeGreaterThan(42);
    const fft = tsneEmbed(big.data, big.n, d, { ...options, gradient: 'fft' });
    const tree = tsneEmbed(big.data, big.n, d, { ...options, gradient: 'barnes-hut' });
    expect(same(serial.coords, fft.coords)).toBe(false);
    expect(same(serial.coords, tree.coords)).toBe(false);
  }, 60_000);

  test('UMAP and reduce()', async () => {
    const small = gaussianClusters(4, 300, d, 4, 5);
    const options = { epochs: 20, seed: 2 };
    const serial = umapEmbed(small.data, small.n, d, options);
    for (const threads of [2, 3]) {
      const parallel = await umapEmbedParallel(small.data, small.n, d, { ...options, threads });
      expect(same(parallel.coords, serial.coords)).toBe(true);
    }
    const js = { ...options, engine: 'umap-js' as const };
    const jsParallel = await umapEmbedParallel(small.data, small.n, d, { ...js, threads: 2 });
    expect(same(jsParallel.coords, umapEmbed(small.data, small.n, d, js).coords)).toBe(true);
    const config = { method: 'tsne', perplexity: 10, iterations: 60, seed: 1 };
    const viaPool = await reduceParallel(small.data, small.n, d, config, undefined, { threads: 2 });
    const inThread = reduce(small.data, small.n, d, config);
    expect(same(viaPool.coords, inThread.coords)).toBe(true);
    expect(viaPool.stats).toEqual(inThread.stats);
  });

  test("a progress callback's error rejects the run, as in one thread", async () => {
    const stop = (p: TsneProgress) => {
      if (p.phase === 'optimize') throw new Error('stopped by the caller');
    };
    const options = { perplexity: 5, iterations: 60, seed: 7, threads: 2 };
    await expect(tsneEmbedParallel(data, n, d, options, stop)).rejects.toThrow(
      'stopped by the caller',
    );
  });

  test('one thread runs in the calling thread', async () => {
    const graph = await nearestNeighborsParallel(data, n, d, 5, { method: 'auto', threads: 1 });
    expect(graph.indices).toEqual(nearestNeighbors(data, n, d, 5, { method: 'auto' }).indices);
    await expect(
      nearestNeighborsParallel(data, n, d, 5, { method: 'auto', threads: 0 }),
    ).rejects.toThrow(/threads/);
  });
});
