import { availableParallelism } from 'node:os';

export interface ParallelOptions {
  /**
   * Threads to use. Default ('auto'): one per core, or just the calling thread below
   * `SMALL_INPUT_ROWS` rows. 1 runs in the calling thread, without workers. The result never
   * depends on it.
   */
  threads?: number | 'auto';
}

/** Below this many rows starting workers costs more than it saves (reduce's jobs). */
export const SMALL_INPUT_ROWS = 1000;

/** How a kind of job picks its thread count by default. */
export interface ThreadDefaults {
  /** From this many rows on, worker threads; below, the calling thread alone. */
  fromRows: number;
  /** At most this many (default: one per core). */
  most?: number;
}

/**
 * The threads a job on `rows` rows runs on: `threads` when given (checked; `setting` names it in
 * the message), or by default (undefined or 'auto') as `defaults` say.
 */
export function resolveThreads(
  threads: number | 'auto' | undefined,
  rows: number,
  defaults: ThreadDefaults = { fromRows: SMALL_INPUT_ROWS },
  setting = 'threads',
): number {
  if (threads === undefined || threads === 'auto')
    return rows < defaults.fromRows
      ? 1
      : Math.min(defaults.most ?? Infinity, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`${setting} must be 'auto' or a positive integer, got ${threads}`);
  return threads;
}
