import { extname, join } from 'node:path';
import { WorkerPool } from '@latentlens/data';
import type { Reply, Request } from './protocol';

/** worker.js beside this file, or worker.ts when this package runs from its sources. */
const WORKER = join(__dirname, `worker${extname(__filename)}`);

/** Worker threads that train and encode (worker.ts); progress is batches done of a total. */
export type ModelPool = WorkerPool<Request, Reply, { done: number; total: number }>;

export function modelPool(workers: number): ModelPool {
  return new WorkerPool(WORKER, workers);
}
