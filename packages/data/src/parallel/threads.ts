import { availableParallelism } from 'node:os';

export interface ParallelOptions {
  /**
   * Threads to use. Default: one per core, or just the calling thread below `SMALL_INPUT_ROWS`
   * rows. 1 runs in the calling thread, without workers. The result never depends on it.
   */
  threads?: number;
}

/** Below this many rows starting workers costs more than it saves. */
export const SMALL_INPUT_ROWS = 1000;

/** The threads a job on `rows` rows runs on: `threads` checked, or the default above. */
export function resolveThreads(threads: number | undefined, rows: number): number {
  if (threads === undefined) return rows < SMALL_INPUT_ROWS ? 1 : availableParallelism();
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`threads must be a positive integer, got ${threads}`);
  return threads;
}
