import { extname, join } from 'node:path';
import { Team, withPool as withWorkerPool, type WorkerPool } from '@latentlens/data';
import type { Job, JobMessage } from './protocol';

/** worker.js beside this file, or worker.ts when this package runs from its sources. */
const WORKER = join(__dirname, `worker${extname(__filename)}`);

/** Worker threads running this package's jobs (worker.ts). */
export type JobPool = WorkerPool<JobMessage, unknown, unknown>;

/** Runs `work` with a pool of `threads` job threads, closed afterwards whatever happens. */
export function withPool<T>(threads: number, work: (pool: JobPool) => Promise<T>): Promise<T> {
  return withWorkerPool(WORKER, threads, work);
}

/**
 * Runs `job` on every thread of the pool as one team (see `Team`): the first leads and answers,
 * the others help. Resolves with the leader's result.
 */
export async function runJob<Result>(
  pool: JobPool,
  job: Job,
  onProgress?: (progress: unknown) => void,
): Promise<Result> {
  const team = Team.buffer();
  const [leader] = await pool.all(
    (member) => ({ job, member, members: pool.size, team }),
    onProgress,
  );
  return leader as Result;
}
