import { SharedArena, Team } from '@latentlens/data';
import type { Allocator } from '../core/memory';
import type { SparseAffinities } from '../core/tsne/affinities';
import { optimizeTsne, TsneGradient } from '../core/tsne/optimize';
import type { TsneSettings } from '../core/tsne/settings';
import type { TsneProgress } from '../core/tsne/types';
import type { JobMessage, TsneJob } from './protocol';

/** The gradient of one thread of a t-SNE job: every thread lays out the shared memory alike. */
export function threadGradient(
  P: SparseAffinities,
  coords: Float64Array,
  settings: TsneSettings,
  memory: Allocator,
): TsneGradient {
  return new TsneGradient(P, coords, settings.dims, settings.theta, memory, settings.gradient);
}

/** One thread of a parallel t-SNE optimisation: the leader runs the optimiser, the others help. */
export function runTsneJob(
  job: TsneJob,
  message: JobMessage,
  post: (progress: TsneProgress) => void,
): null {
  const { P, settings, coords } = job;
  const gradient = threadGradient(P, coords, settings, new SharedArena(job.arena));
  const team = new Team(message.team, message.members, gradient.handlers);
  if (message.member !== 0) {
    team.serve();
    return null;
  }
  try {
    optimizeTsne(P, settings, coords, gradient, team, post);
  } finally {
    team.stop();
  }
  return null;
}
