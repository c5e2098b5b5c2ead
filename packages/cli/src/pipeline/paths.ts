import { join, relative } from 'node:path';

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

export function pipelinePaths(root: string, pipeline: string) {
  const dir = (stage: string) => stageDir(root, pipeline, stage);
  return {
    dir,
    dataset: join(dir('data'), 'dataset.arrow'),
    model: join(dir('train'), 'model'),
    history: join(dir('train'), 'history.arrow'),
    embeddings: join(dir('encode'), 'embeddings.arrow'),
    reconstructions: join(dir('encode'), 'reconstructions.arrow'),
    neighbors: join(dir('neighbors'), 'neighbors.arrow'),
    projection: (name: string) => join(dir(`reduce.${name}`), 'projection.arrow'),
  };
}
