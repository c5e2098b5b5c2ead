import type { Worker } from 'node:worker_threads';
import { startWorker } from './bootstrap';
import type { ReplyEnvelope, RequestEnvelope } from './protocol';

interface Pending<Result, Progress> {
  resolve(result: Result): void;
  reject(error: Error): void;
  onProgress?: (progress: Progress) => void;
}

/**
 * A fixed set of worker threads, each running `entry` (which calls `answerRequests`), that answer
 * requests. Any failure — a thread's error, a thread that exits, a progress callback that throws —
 * fails the whole pool: every pending and later request is rejected with that error and every
 * thread is terminated, because threads of one job wait for each other in shared memory and one
 * waiting for a dead peer would wait forever.
 */
export class WorkerPool<Request, Result = unknown, Progress = never> {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending<Result, Progress>>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(
    entry: string,
    readonly size: number,
  ) {
    this.workers = Array.from({ length: size }, () => startWorker(entry));
    this.workers.forEach((worker, w) => {
      worker.on('message', (reply: ReplyEnvelope<Result, Progress>) => this.receive(w, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`Worker thread ${w} exited (code ${code})`)));
    });
  }

  private receive(worker: number, reply: ReplyEnvelope<Result, Progress>): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    if (reply.type === 'progress') {
      try {
        pending.onProgress?.(reply.progress);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
      return;
    }
    if (reply.type === 'error') {
      // Rejects this request with the others. The thread's stack follows on the first line.
      this.fail(new Error(`Worker failed: thread ${worker}: ${reply.message}`));
      return;
    }
    this.pending.delete(reply.id);
    pending.resolve(reply.result);
  }

  /** The first failure wins; later ones (threads dying of it) are its consequences. */
  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    void this.terminate();
  }

  private async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Sends `body` to thread `worker`; resolves with its answer. */
  request(
    worker: number,
    body: Request,
    onProgress?: (progress: Progress) => void,
  ): Promise<Result> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.workers[worker].postMessage({ id, body } satisfies RequestEnvelope<Request>);
    });
  }

  /**
   * A request of every thread (built per thread), answered by all, in thread order. Only thread
   * 0's progress is passed on: threads of one job report the same steps, and thread 0 leads.
   */
  all(
    body: (worker: number) => Request,
    onProgress?: (progress: Progress) => void,
  ): Promise<Result[]> {
    return Promise.all(
      this.workers.map((_, w) => this.request(w, body(w), w === 0 ? onProgress : undefined)),
    );
  }

  async close(): Promise<void> {
    this.failure ??= new Error('The worker pool is closed');
    await this.terminate();
  }
}

/** Runs `work` with a pool of `threads` threads running `entry`, closed afterwards whatever happens. */
export async function withPool<Request, Result, Progress, T>(
  entry: string,
  threads: number,
  work: (pool: WorkerPool<Request, Result, Progress>) => Promise<T>,
): Promise<T> {
  const pool = new WorkerPool<Request, Result, Progress>(entry, threads);
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}
