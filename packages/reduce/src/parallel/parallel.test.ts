import { exactKnn, nearestNeighbors } from '../core/knn';
import { approxKnn } from '../core/knnApprox';
import { reduce } from '../core/reduce';
import { gaussianClusters } from '../core/test-helpers/clusters';
import { tsneEmbed } from '../core/tsne/tsne';
import type { TsneProgress } from '../core/tsne/types';
import { umapEmbed } from '../core/umap';
import { SharedArena } from './arena';
import { nearestNeighborsParallel } from './knnParallel';
import { reduceParallel } from './reduceParallel';
import { tsneEmbedParallel } from './tsneParallel';
import { umapEmbedParallel } from './umapParallel';

function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

// 2,500 points: above the row count where 'auto' neighbours turn approximate for small k.
const d = 12;
const { data, n } = gaussianClusters(5, 500, d, 4, 3);

describe('worker threads give the bytes of one thread', () => {
  test.each([2, 3])('exact and approximate neighbours on %i threads', async (threads) => {
    const exact = await nearestNeighborsParallel(data, n, d, 20, { method: 'exact', threads });
    expect(bytes(exact.indices).equals(bytes(exactKnn(data, n, d, 20).indices))).toBe(true);
    expect(bytes(exact.distances).equals(bytes(exactKnn(data, n, d, 20).distances))).toBe(true);
    const approx = await nearestNeighborsParallel(data, n, d, 15, { method: 'approx', seed: 4, threads });
    const serial = approxKnn(data, n, d, 15, { seed: 4 });
    expect(bytes(approx.indices).equals(bytes(serial.indices))).toBe(true);
    expect(bytes(approx.distances).equals(bytes(serial.distances))).toBe(true);
  });

  test('t-SNE on 2 and 3 threads, approximate neighbours included', async () => {
    const options = { perplexity: 5, iterations: 120, seed: 7 };
    const events: TsneProgress[] = [];
    const parallel = await tsneEmbedParallel(data, n, d, { ...options, threads: 2 }, (p) => events.push(p));
    const serial = tsneEmbed(data, n, d, options);
    expect(bytes(parallel.coords).equals(bytes(serial.coords))).toBe(true);
    expect(parallel.kl).toBe(serial.kl);
    expect(events.map((e) => e.phase).slice(0, 2)).toEqual(['neighbors', 'affinities']);
    expect(events.filter((e) => e.phase === 'optimize').map((e) => e.iteration)).toEqual([50, 100, 120]);
    const three = await tsneEmbedParallel(data, n, d, { ...options, dims: 3, threads: 3 });
    expect(bytes(three.coords).equals(bytes(tsneEmbed(data, n, d, { ...options, dims: 3 }).coords))).toBe(true);
  });

  test('UMAP and reduce()', async () => {
    const small = gaussianClusters(4, 300, 8, 4, 5);
    const options = { epochs: 20, seed: 2 };
    const parallel = await umapEmbedParallel(small.data, small.n, 8, { ...options, threads: 2 });
    const serial = umapEmbed(small.data, small.n, 8, options);
    expect(bytes(parallel.coords).equals(bytes(serial.coords))).toBe(true);
    const config = { method: 'tsne', perplexity: 10, iterations: 60, seed: 1 };
    const viaPool = await reduceParallel(small.data, small.n, 8, config, undefined, { threads: 2 });
    const inThread = reduce(small.data, small.n, 8, config);
    expect(bytes(viaPool.coords).equals(bytes(inThread.coords))).toBe(true);
    expect(viaPool.stats).toEqual(inThread.stats);
  });

  test('one thread runs in the calling thread', async () => {
    const graph = await nearestNeighborsParallel(data, n, d, 5, { method: 'auto', threads: 1 });
    expect(graph.indices).toEqual(nearestNeighbors(data, n, d, 5, { method: 'auto' }).indices);
    await expect(nearestNeighborsParallel(data, n, d, 5, { method: 'auto', threads: 0 })).rejects.toThrow(/threads/);
  });
});

test('arenas over one buffer hand out the same memory for the same calls', () => {
  const layout = (arena: SharedArena) => ({ a: arena.float64(3), b: arena.int32(5), c: arena.float32(2) });
  const first = SharedArena.for((memory) => layout(memory as SharedArena));
  const mine = layout(first);
  const theirs = layout(new SharedArena(first.buffer));
  mine.b[4] = 9;
  mine.c[1] = 0.5;
  expect(theirs.b[4]).toBe(9);
  expect(theirs.c[1]).toBe(0.5);
  expect(() => new SharedArena(first.buffer).float64(100)).toThrow(/bytes/);
});
