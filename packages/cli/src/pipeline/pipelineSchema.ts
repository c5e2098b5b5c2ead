import { Infer, dataSection, field, int, obj } from '@latentlens/data';
import { encodeSection } from './sections/encode';
import { exportSection } from './sections/export';
import { neighborsSection } from './sections/neighbors';
import { reduceSection } from './sections/reduce';
import { trainSection } from './sections/train';

/**
 * The pipeline YAML, as a schema: one section per stage, each in its own file under `sections/`.
 * Defaults are the seed demo's settings, except t-SNE's learning rate (see pipelines/mnist.yaml).
 */
export const pipelineSchema = obj({
  seed: field(int(0, 2 ** 32 - 1), 0, 'default seed of every stage'),
  data: field(dataSection, {}),
  train: field(trainSection, {}),
  encode: field(encodeSection, {}),
  neighbors: field(neighborsSection, {}),
  reduce: field(reduceSection, {}),
  export: field(exportSection, {}),
});

/** The validated pipeline: every section present, defaults filled in. */
export type PipelineConfig = Infer<typeof pipelineSchema>;
