import { writeFileAtomic } from '@latentlens/data';
import { join } from 'node:path';
import { StageId } from '../pipeline/config';
import { LoadedPipeline } from '../pipeline/load';
import { runPipelineStage } from '../pipeline/runStage';
import { formatDuration, terminalProgress } from '../terminal/progress';

/**
 * Runs stages in order, each ending with its one-line summary. `run.json` beside the artifacts
 * records timing; it is kept out of the files Nx hashes, so timing never invalidates a cache.
 */
export async function runStages(
  pipeline: LoadedPipeline,
  stages: StageId[],
  out: (line: string) => void,
): Promise<void> {
  const root = '.';
  for (const stage of stages) {
    const progress = terminalProgress(`${pipeline.name} ${stage}`);
    const started = Date.now();
    const outcome = await runPipelineStage(pipeline, stage, root, progress);
    progress.finish();
    const seconds = (Date.now() - started) / 1000;
    writeFileAtomic(
      join(outcome.where, 'run.json'),
      JSON.stringify({ stage, seconds, finishedAt: new Date().toISOString() }, null, 2) + '\n',
    );
    out(`✔ ${pipeline.name} ${stage}: ${outcome.made} → ${outcome.where} in ${formatDuration(seconds)}`);
  }
}
