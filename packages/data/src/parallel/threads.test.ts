import { availableParallelism } from 'node:os';
import { resolveThreads, SMALL_INPUT_ROWS } from './threads';

test('a thread count asked for is kept, and a bad one is refused naming the setting', () => {
  expect(resolveThreads(3, 10)).toBe(3);
  expect(() => resolveThreads(0, 5000)).toThrow(
    "threads must be 'auto' or a positive integer, got 0",
  );
  expect(() => resolveThreads(1.5, 5000, { fromRows: 1 }, 'encode.workers')).toThrow(
    /^encode\.workers must be 'auto' or a positive integer, got 1\.5$/,
  );
});

test('by default: the calling thread for small inputs, else one per core, capped by `most`', () => {
  const cores = availableParallelism();
  expect(resolveThreads(undefined, SMALL_INPUT_ROWS - 1)).toBe(1);
  expect(resolveThreads('auto', SMALL_INPUT_ROWS)).toBe(cores);
  const encode = { fromRows: 20000, most: 2 };
  expect(resolveThreads('auto', 19999, encode)).toBe(1);
  expect(resolveThreads(undefined, 20000, encode)).toBe(Math.min(2, cores));
  expect(resolveThreads('auto', 20000, { fromRows: 1, most: 1 })).toBe(1);
});
