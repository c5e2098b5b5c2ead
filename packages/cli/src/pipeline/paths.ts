import { join } from 'node:path';

/** Where each stage of a pipeline keeps its artifacts: `artifacts/<pipeline>/<stage>/`. */
export function stageDir(root: string, pipeline: string, stage: string): string {
  const [kind, name] = stage.split('.');
  return name
    ? join(root, 'artifacts', pipeline, kind, name)
    : join(root, 'artifacts', pipeline, kind);
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
