import { join, relative } from 'node:path';
import { OutputName, PipelineKind, outputOf } from './stages';

/**
 * Where each stage of a pipeline keeps its artifacts: `artifacts/<pipeline>/<stage>/`. Names are
 * checked where they are read (pipeline/name.ts); a path that would still leave its pipeline's
 * folder is refused here, the one place that makes them.
 */
export function stageDir(root: string, pipeline: string, stage: string): string {
  const [kind, name] = stage.split('.');
  const base = join(root, 'artifacts', pipeline);
  const dir = name ? join(base, kind, name) : join(base, kind);
  const rel = relative(join(root, 'artifacts'), dir).split('/');
  if (rel.length < 2 || rel.includes('..') || rel[0] !== pipeline)
    throw new Error(`stage folder ${dir} would lie outside artifacts/${pipeline}/`);
  return dir;
}

/**
 * The path of a stage output of a pipeline (`projection`: of the named reduction's); in a
 * pipeline of vectors, embeddings.arrow is the data stage's.
 */
export function outputPath(
  root: string,
  pipeline: string,
  output: OutputName,
  reduction?: string,
  kind: PipelineKind = 'autoencoder',
): string {
  const { stage, file } = outputOf(output, kind);
  return join(stageDir(root, pipeline, stage === 'reduce' ? `reduce.${reduction}` : stage), file);
}
