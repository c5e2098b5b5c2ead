import { Team } from '@latentlens/data';
import { layoutOf, type UmapProgress } from '../core/umap';
import type { JobMessage, UmapJob } from './protocol';

/**
 * One thread of a parallel UMAP layout: every thread builds the layout over the same shared
 * memory; the leader, whose layout the caller started, runs the epochs and the others help.
 */
export function runUmapJob(
  job: UmapJob,
  message: JobMessage,
  post: (progress: UmapProgress) => void,
): null {
  const layout = layoutOf(job.shape, job.settings, job.memory);
  const team = new Team(message.team, message.members, layout.handlers);
  if (message.member !== 0) {
    team.serve();
    return null;
  }
  try {
    const { epochs } = job.settings;
    layout.optimize(team, (epoch) => post({ phase: 'optimize', epoch, epochs }));
  } finally {
    team.stop();
  }
  return null;
}
