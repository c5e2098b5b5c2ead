import { parentPort } from 'node:worker_threads';
import type { JobMessage, Reply } from './protocol';
import { runKnnJob } from './knnJob';
import { runTsneJob } from './tsneJob';
import { runUmapJob } from './umapJob';

/** One thread of a WorkerPool: runs each job it is sent, leading or helping (see team.ts). */
function post(reply: Reply): void {
  parentPort!.postMessage(reply);
}

parentPort!.on('message', (message: JobMessage) => {
  try {
    const progress = (p: unknown) => post({ type: 'progress', progress: p });
    let result: unknown;
    switch (message.job.type) {
      case 'tsne':
        result = runTsneJob(message.job, message, progress);
        break;
      case 'knn':
        result = runKnnJob(message.job, message);
        break;
      case 'umap':
        result = runUmapJob(message.job, message, progress);
        break;
    }
    post({ type: 'done', result });
  } catch (error) {
    post({
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
