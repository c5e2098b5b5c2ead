import { DATA_FIELDS, Infer, anyOf, field, int, obj } from '@latentlens/data';
import { encodeSection } from './sections/encode';
import { exportSection } from './sections/export';
import { neighborsSection } from './sections/neighbors';
import { reduceSection } from './sections/reduce';
import { trainSection } from './sections/train';

/**
 * The pipeline YAML, as a schema: one section per stage, each in its own file under `sections/`.
 * Defaults are the seed demo's settings, except t-SNE's learning rate (see pipelines/mnist.yaml).
 */
/**
 * `data:` as the data stage takes it, but grey only: a pipeline ends with the export, which does
 * not draw colour images yet, so `channels: 3` is refused where it is written rather than after
 * training (latentlens data, train and encode take colour on their own).
 */
const pipelineData = obj({
  ...DATA_FIELDS,
  channels: field(
    anyOf('1 (colour images, channels: 3, are not supported by the export stage yet)', int(1, 1)),
    undefined,
    DATA_FIELDS.channels.doc,
  ),
});

export const pipelineSchema = obj({
  seed: field(int(0, 2 ** 32 - 1), 0, 'default seed of every stage'),
  data: field(pipelineData, {}),
  train: field(trainSection, {}),
  encode: field(encodeSection, {}),
  neighbors: field(neighborsSection, {}),
  reduce: field(reduceSection, {}),
  export: field(exportSection, {}),
});

/** The validated pipeline: every section present, defaults filled in. */
export type PipelineConfig = Infer<typeof pipelineSchema>;
