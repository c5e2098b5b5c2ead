import { join } from 'node:path';
import type { PoolTestRequest } from '../test-helpers/poolWorker';
import { Barrier } from './barrier';
import { withPool, WorkerPool } from './pool';
import { SharedArena, sharedCopy } from './shared';
import { Team } from './team';

// A real worker thread, started from its TypeScript source through the bootstrap.
const entry = join(__dirname, '..', 'test-helpers', 'poolWorker.ts');
const pool = <T>(
  size: number,
  work: (p: WorkerPool<PoolTestRequest, unknown, number>) => Promise<T>,
) => withPool(entry, size, work);

test('a pool answers requests, passes thread 0 progress on, and rejects after closing', async () => {
  let closed: WorkerPool<PoolTestRequest, unknown, number> | null = null;
  await pool(2, async (p) => {
    closed = p;
    expect(await p.request(1, { type: 'double', value: 21 })).toBe(42);
    const seen: number[] = [];
    expect(
      await p.all(
        () => ({ type: 'count', to: 3 }),
        (n) => seen.push(n),
      ),
    ).toEqual([3, 3]);
    expect(seen).toEqual([1, 2, 3]);
  });
  await expect(closed!.request(0, { type: 'double', value: 1 })).rejects.toThrow(/closed/);
});

test("a thread's error fails the pool with the thread's message, and a thread waiting at a barrier for it is ended", async () => {
  await pool(2, async (p) => {
    const waiting = p.request(0, {
      type: 'barrier',
      barrier: Barrier.buffer(),
      parties: 2, // thread 1 never comes: it fails
      arrivals: sharedCopy(new Int32Array(1)),
    });
    const failing = p.request(1, { type: 'fail', message: 'no such backend: abacus' });
    await expect(failing).rejects.toThrow(
      /^Worker failed: thread 1: Error: no such backend: abacus/,
    );
    await expect(waiting).rejects.toThrow(/no such backend: abacus/);
    await expect(p.request(0, { type: 'double', value: 1 })).rejects.toThrow(/abacus/);
  });
});

test('a progress callback that throws fails the pool with its own error', async () => {
  await pool(1, async (p) => {
    const stop = () => {
      throw new Error('stopped by the caller');
    };
    await expect(p.all(() => ({ type: 'count', to: 5 }), stop)).rejects.toThrow(
      /^stopped by the caller$/,
    );
  });
});

test('no thread passes a barrier before all have arrived, round after round', async () => {
  const parties = 3;
  const arrivals = sharedCopy(new Int32Array(50));
  const barrier = Barrier.buffer();
  const reads = await pool(parties, (p) =>
    p.all(() => ({ type: 'barrier', barrier, parties, arrivals })),
  );
  expect(reads).toEqual(Array.from({ length: parties }, () => Array(50).fill(parties)));
});

test('a team runs every task of each loop once, on any number of threads', async () => {
  const expected = Float64Array.from({ length: 301 }, (_, i) => i * i);
  for (const members of [1, 3]) {
    const out = sharedCopy(new Float64Array(301).fill(-1));
    const team = Team.buffer();
    await pool(members, (p) => p.all((member) => ({ type: 'team', team, members, member, out })));
    expect(out).toEqual(expected);
  }
});

test('arenas over one buffer hand out the same memory for the same calls, in any thread', async () => {
  const layout = (arena: SharedArena) => ({
    a: arena.float64(3),
    b: arena.int32(5),
    c: arena.float32(2),
  });
  const first = SharedArena.for((memory) => layout(memory as SharedArena));
  expect(first.buffer.byteLength).toBe(24 + 24 + 8); // each array starts 8-byte aligned
  const mine = layout(first);
  const theirs = layout(new SharedArena(first.buffer));
  mine.c[1] = 0.5;
  expect(theirs.c[1]).toBe(0.5);
  await pool(1, (p) => p.request(0, { type: 'arena', buffer: first.buffer }));
  expect(Array.from(mine.b)).toEqual([7, 7, 7, 7, 7]);
  expect(() => new SharedArena(first.buffer).float64(100)).toThrow(/bytes/);
});

test('a shared copy holds the same values in a buffer of its own size', () => {
  const source = Float32Array.from([1.5, -2, 3]);
  const copy = sharedCopy(source.subarray(1));
  expect(copy).toBeInstanceOf(Float32Array);
  expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(copy.buffer.byteLength).toBe(8);
  expect(Array.from(copy)).toEqual([-2, 3]);
});
