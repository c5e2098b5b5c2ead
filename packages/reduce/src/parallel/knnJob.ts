import { BruteForceKnn } from '../core/bruteForceKnn';
import type { NeighborList } from '@latentlens/data';
import { NnDescent } from '../core/knnApprox';
import type { Allocator } from '../core/memory';
import { SharedArena, Team } from '@latentlens/data';
import type { JobMessage, KnnJob } from './protocol';

/** The search of one thread of a kNN job: every thread lays out the shared memory alike. */
export function knnSearch(
  job: Omit<KnnJob, 'arena'>,
  members: number,
  member: number,
  memory: Allocator,
): BruteForceKnn | NnDescent {
  const { n, d, k } = job;
  return job.method === 'exact'
    ? new BruteForceKnn(n, d, k, members, member, memory)
    : new NnDescent(n, d, k, job.options, members, memory);
}

/** One thread of a parallel kNN search: the leader runs it and answers the graph. */
export function runKnnJob(job: KnnJob, message: JobMessage): NeighborList | null {
  const search = knnSearch(job, message.members, message.member, new SharedArena(job.arena));
  const team = new Team(message.team, message.members, search.handlers);
  if (message.member !== 0) {
    team.serve();
    return null;
  }
  try {
    return search.run(job.data, team);
  } finally {
    team.stop();
  }
}
