import { readdirSync } from 'node:fs';
import { Progress, runDataStage } from '@latentlens/data';
import { runExportStage } from '@latentlens/export';
import { runEncodeStage, runTrainStage } from '@latentlens/model';
import { runNeighborsStage, runReduceStage } from '@latentlens/reduce';
import { LoadedPipeline } from './load';
import { pipelinePaths } from './paths';
import { StageId } from './config';

/** What a stage made, for the one-line summary. */
export interface StageOutcome {
  made: string;
  where: string;
}

/**
 * Runs one stage of a validated pipeline with the artifact layout `artifacts/<pipeline>/<stage>/`:
 * the only place that knows which stage reads which upstream file.
 */
export async function runPipelineStage(
  pipeline: LoadedPipeline,
  stage: StageId,
  root: string,
  progress: Progress,
): Promise<StageOutcome> {
  const { config, name } = pipeline;
  const paths = pipelinePaths(root, name);
  const outDir = paths.dir(stage);
  if (stage === 'data') {
    const r = await runDataStage({ config: config.data, outDir, progress });
    const splits = Object.entries(r.perSplit)
      .map(([s, c]) => `${s} ${c}`)
      .join(', ');
    return {
      made: `dataset.arrow (${r.rows} images: ${splits}; source ${r.source})`,
      where: outDir,
    };
  }
  if (stage === 'train') {
    const r = await runTrainStage({
      config: config.train,
      datasetPath: paths.dataset,
      outDir,
      progress,
    });
    return {
      made: `model/ + history.arrow (${r.epochs} epochs on ${r.samples} images, backend ${r.backend}, final loss ${r.finalLoss.toPrecision(4)}${r.resumedEpochs ? `, resumed after epoch ${r.resumedEpochs}` : ''})`,
      where: outDir,
    };
  }
  if (stage === 'encode') {
    const r = await runEncodeStage({
      config: config.encode,
      datasetPath: paths.dataset,
      modelDir: paths.model,
      outDir,
      progress,
    });
    return {
      made: `embeddings.arrow + reconstructions.arrow (${r.rows} × ${r.dim}, backend ${r.backend})`,
      where: outDir,
    };
  }
  if (stage === 'neighbors') {
    const r = await runNeighborsStage({
      config: { ...config.neighbors, seed: config.seed },
      embeddingsPath: paths.embeddings,
      outDir,
      progress,
    });
    return {
      made: `neighbors.arrow (${r.k} nearest of ${r.rows} codes, ${r.method})`,
      where: outDir,
    };
  }
  if (stage.startsWith('reduce.')) {
    const reduction = stage.slice('reduce.'.length);
    const section = config.reduce[reduction];
    if (!section)
      throw new Error(`${pipeline.file}: no reduction named "${reduction}" under reduce:`);
    const r = await runReduceStage({
      name: reduction,
      config: section,
      embeddingsPath: paths.embeddings,
      outDir,
      progress,
    });
    const quality = Object.entries(r.quality)
      .map(([k, v]) => `${k} ${v.toFixed(3)}`)
      .join(', ');
    return {
      made: `projection.arrow (${r.method}, ${r.rows} points in ${r.dims}-D; ${quality})`,
      where: outDir,
    };
  }
  if (stage === 'export') {
    const r = await runExportStage({
      config: config.export,
      datasetPath: paths.dataset,
      embeddingsPath: paths.embeddings,
      projections: Object.keys(config.reduce).map((n) => ({ name: n, path: paths.projection(n) })),
      historyPath: paths.history,
      reconstructionsPath: paths.reconstructions,
      neighborsPath: paths.neighbors,
      outDir,
      progress,
    });
    return {
      made: `${readdirSync(outDir).join(', ')} (${r.points} points, ${r.projections} projections, ${r.figures.length} figures)`,
      where: outDir,
    };
  }
  throw new Error(
    `unknown stage "${stage}" (stages: data, train, encode, neighbors, reduce.<name>, export)`,
  );
}
