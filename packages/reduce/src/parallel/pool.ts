import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Job, JobMessage, Reply } from './protocol';
import { sourceWorker } from './sourceWorker';
import { HELPER_FAILED, Team } from './team';

/** Starts worker.js next to this file, or worker.ts when this package runs from its sources. */
function startWorker(): Worker {
  const entry = join(__dirname, `worker${extname(__filename)}`);
  return extname(entry) === '.ts'
    ? new Worker(sourceWorker(entry), { eval: true })
    : new Worker(entry);
}

/**
 * Worker threads that run jobs as a team (see team.ts): every job goes to all of them, the first
 * leads and answers, the others help. A failure of any thread fails the job and closes the pool.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private failure: Error | null = null;

  constructor(readonly size: number) {
    this.workers = Array.from({ length: size }, startWorker);
  }

  /** Runs `job` on every thread and resolves with the leader's result. */
  run<Result>(job: Job, onProgress?: (progress: unknown) => void): Promise<Result> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const team = Team.buffer();
    return new Promise<Result>((resolve, reject) => {
      let pending = this.size;
      let result: Result;
      const listeners: (() => void)[] = [];
      const settle = (error: Error | null) => {
        for (const remove of listeners) remove();
        if (error === null) resolve(result);
        else {
          this.failure = error;
          void this.close();
          reject(error);
        }
      };
      // The leader's "a helper failed" is kept only in case the helper's own error never comes.
      let helperFailed: Error | null = null;
      const finish = () => {
        if (--pending === 0) settle(helperFailed);
      };
      this.workers.forEach((worker, member) => {
        const onMessage = (reply: Reply) => {
          if (reply.type === 'progress') {
            try {
              onProgress?.(reply.progress);
            } catch (error) {
              settle(error as Error);
            }
          } else if (reply.type === 'error') {
            const error = new Error(`worker ${member}: ${reply.message}`);
            if (reply.message.includes(HELPER_FAILED)) {
              helperFailed = error;
              finish();
            } else settle(error);
          } else {
            if (member === 0) result = reply.result as Result;
            finish();
          }
        };
        const onError = (error: Error) => settle(error);
        const onExit = (code: number) =>
          settle(new Error(`worker ${member} exited (code ${code})`));
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        listeners.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        });
        worker.postMessage({ job, member, members: this.size, team } satisfies JobMessage);
      });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the worker pool is closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Runs `work` with a pool of `threads` workers, closed afterwards whatever happens. */
export async function withPool<T>(
  threads: number,
  work: (pool: WorkerPool) => Promise<T>,
): Promise<T> {
  const pool = new WorkerPool(threads);
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}
