import { Progress } from '@latentlens/data';
import { LoadedPipeline } from './load';
import { outputPath, stageDir } from './paths';
import { StageId, pipelineKind, stageRow, stagesOf } from './stages';

/** What a stage made, for the one-line summary. */
export interface StageOutcome {
  made: string;
  where: string;
}

/** Runs one stage of a validated pipeline on the artifact layout `artifacts/<pipeline>/<stage>/`. */
export async function runPipelineStage(
  pipeline: LoadedPipeline,
  stage: StageId,
  root: string,
  progress: Progress,
): Promise<StageOutcome> {
  const { config, name: pipelineName } = pipeline;
  const row = stageRow(stage);
  const kind = pipelineKind(config);
  if (!stagesOf(kind).includes(row))
    throw new Error(
      `${pipeline.file}: a pipeline of vectors (data: { source: table }) has no ${row.kind} stage`,
    );
  const name = stage.split('.')[1] ?? '';
  if (row.kind === 'reduce' && !Object.hasOwn(config.reduce, name))
    throw new Error(`${pipeline.file}: no reduction named "${name}" under reduce:`);
  const outDir = stageDir(root, pipelineName, stage);
  const result = await row.run({
    config,
    path: (output, reduction) => outputPath(root, pipelineName, output, reduction, kind),
    outDir,
    name,
    progress,
  });
  return { made: row.summary(result), where: outDir };
}
