import { answerRequests } from '@latentlens/data';
import type { JobMessage } from './protocol';
import { runKnnJob } from './knnJob';
import { runTsneJob } from './tsneJob';
import { runUmapJob } from './umapJob';

/** One thread of a job pool (jobPool.ts): runs each job it is sent, leading or helping. */
answerRequests<JobMessage, unknown, unknown>((message, progress) => {
  switch (message.job.type) {
    case 'tsne':
      return runTsneJob(message.job, message, progress);
    case 'knn':
      return runKnnJob(message.job, message);
    case 'umap':
      return runUmapJob(message.job, message, progress);
  }
});
