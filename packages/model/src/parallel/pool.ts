import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Envelope, Reply, Request } from './protocol';
import { typescriptBootstrap } from './tsBootstrap';

/**
 * Starts worker.js, or, when this package runs from its TypeScript sources (under jest), worker.ts
 * through a hook that transpiles it.
 */
function startWorker(): Worker {
  const entry = join(__dirname, `worker${extname(__filename)}`);
  return extname(entry) === '.ts'
    ? new Worker(typescriptBootstrap(entry), { eval: true })
    : new Worker(entry);
}

interface Pending {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A fixed set of worker threads answering requests. If any worker fails or exits, every pending
 * and later request fails (a worker waiting at a barrier for a dead peer would wait forever, so
 * the pool terminates them all).
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(readonly size: number) {
    this.workers = Array.from({ length: size }, () => startWorker());
    for (const worker of this.workers) {
      worker.on('message', ({ id, body }: Envelope<Reply>) => this.receive(id, body));
      worker.on('error', (error) => void this.fail(error));
      worker.on('exit', (code) => {
        if (this.failure === null)
          void this.fail(new Error(`A training worker exited (code ${code})`));
      });
    }
  }

  private receive(id: number, body: Reply): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    if (body.type === 'progress') {
      pending.onProgress?.(body.done, body.total);
      return;
    }
    this.pending.delete(id);
    if (body.type === 'error') void this.fail(new Error(`Worker failed: ${body.message}`));
    else pending.resolve(body);
  }

  private async fail(error: Error): Promise<void> {
    if (this.failure !== null) return;
    this.failure = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  request(worker: number, body: Request, onProgress?: Pending['onProgress']): Promise<Reply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.workers[worker].postMessage({ id, body } satisfies Envelope<Request>);
    });
  }

  /** The same request of every worker (built per worker), answered by all. */
  all(body: (worker: number) => Request, onProgress?: Pending['onProgress']): Promise<Reply[]> {
    return Promise.all(
      this.workers.map((_, w) => this.request(w, body(w), w === 0 ? onProgress : undefined)),
    );
  }

  async close(): Promise<void> {
    this.failure ??= new Error('The worker pool is closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
