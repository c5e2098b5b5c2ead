import {
  Infer,
  Rule,
  anyOf,
  bool,
  dataSection,
  field,
  int,
  list,
  map,
  matching,
  num,
  obj,
  oneOf,
  required,
  seedRule,
  variant,
} from '@latentlens/data';
import {
  KNN_AUTO_RULE,
  METHODS,
  methodFields,
  type ReduceConfig,
  type ReductionMethod,
} from '@latentlens/reduce';
import { REDUCTION_NAME } from './name';

/*
 * The pipeline YAML, as a schema: one section per stage, in the schema language of
 * @latentlens/data, then the whole (`pipelineSchema`). The data section comes from the source
 * registry (@latentlens/data) and the reduce section from the method registry (@latentlens/reduce);
 * the others are declared here. A new stage adds its section and its line below.
 */

/** A stage's own seed; when absent it takes the pipeline's top-level `seed`. */
export const seedField = field(seedRule);

/** `train:` — the autoencoder and how it is trained (see @latentlens/model's AutoencoderConfig). */
export const trainSection = obj({
  kind: field(
    oneOf('dense', 'conv'),
    'dense',
    'dense layers, or two stride-2 convolutions before them',
  ),
  dims: field(
    list(int(1, 100000), 2, 8),
    undefined,
    "widths from the pixels to the code (default: the images' pixel count, then 256, 64)",
  ),
  filters: field(list(int(1, 1024), 2, 2), [16, 32], 'conv only: channels of the two convolutions'),
  tiedWeights: field(bool, true),
  activation: field(oneOf('tanh', 'relu', 'sigmoid', 'linear'), 'tanh'),
  center: field(oneOf('mean', 'none'), 'mean'),
  loss: field(oneOf('sse', 'mse', 'bce'), 'sse', 'bce needs activation sigmoid and center none'),
  optimizer: field(oneOf('adam', 'sgd', 'rmsprop'), 'adam'),
  learningRate: field(num({ min: 0, exclusiveMin: true, max: 10 }), 0.001),
  batchSize: field(int(1, 100000), 50),
  epochs: field(int(1, 100000), 30),
  validation: field(num({ min: 0, max: 0.9 }), 0, 'fraction of the train split held out'),
  earlyStopping: field(
    obj({
      patience: field(int(1, 100000), 5, 'epochs without improvement before stopping'),
      minDelta: field(num({ min: 0 }), 0, 'smallest drop of the validation loss that counts'),
    }),
    undefined,
    'stop when the validation loss stops improving (needs validation > 0)',
  ),
  workers: field(int(1, 64), 2, 'threads per batch; results depend on it, not on the machine'),
  backend: field(oneOf('auto', 'tensorflow', 'wasm', 'cpu'), 'auto'),
  seed: seedField,
});

/** `encode:` — which images get a code (the seed embeds the test split). */
export const encodeSection = obj({
  splits: field(list(oneOf('train', 'test'), 1, 2), ['test']),
  // Absent means auto for both; neither changes a single number of the output.
  backend: field(oneOf('auto', 'tensorflow', 'wasm', 'cpu'), undefined, 'default auto'),
  workers: field(
    anyOf('"auto" or a whole number from 1 to 64', oneOf('auto'), int(1, 64)),
    undefined,
    'threads (default auto: two for 20,000 images or more on a machine with two cores)',
  ),
});

/** `neighbors:` — each image's nearest neighbours in code space, for the viewer. */
export const neighborsSection = obj({
  k: field(int(1, 100), 10, 'neighbours listed per image'),
  method: field(oneOf('auto', 'exact', 'approx'), 'auto', `auto: ${KNN_AUTO_RULE}`),
});

/**
 * One method's settings, as the method registry declares them (its parameters, `dims`, and
 * `seed` when it is seeded). Typed as `reduce()` takes every method's config, since the registry's
 * methods are known at run time.
 */
function methodRule(method: ReductionMethod): Rule<ReduceConfig> {
  return obj({ method: required(oneOf(method.id)), ...methodFields(method) }) as Rule<ReduceConfig>;
}

/**
 * One entry under `reduce:`: a method and its parameters, derived from the method registry. The
 * methods' parameters differ, so its values are typed as `reduce()` takes them.
 */
export const reductionEntry: Rule<ReduceConfig> = variant(
  'method',
  Object.fromEntries(METHODS.map((m) => [m.id, methodRule(m)])),
);

/** `reduce:` — named reductions, each its own cached stage (see @latentlens/reduce). */
export const reduceSection = map(reductionEntry, REDUCTION_NAME.pattern, REDUCTION_NAME.hint);

/** `export:` — projector files, figures and report (see @latentlens/export). */
export const exportSection = obj({
  invertSprite: field(bool, false, 'dark digits on white thumbnails'),
  rawPixels: field(
    bool,
    false,
    'also export the raw pixels as a second embedding, like the projector’s MNIST demo',
  ),
  figures: field(
    bool,
    true,
    'scatter plots, loss curve and reconstructions as SVG and PNG (needs the DejaVu fonts)',
  ),
  projectorBaseUrl: field(
    matching(
      /^(https?:\/\/\S+)?$/,
      'an http(s) URL such as http://localhost:8080/, or "" for relative paths',
    ),
    'http://localhost:8080/',
    'where projector/ is served: the standalone projector fetches its files by these URLs',
  ),
});

/**
 * The pipeline YAML, as a schema: one section per stage.
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
