import { Rule, bool, field, int, list, num, obj, oneOf, str } from './schema';

/**
 * The pipeline YAML, as a schema. Defaults are the seed demo's settings, except t-SNE's learning
 * rate (see pipelines/mnist.yaml). Each stage section maps onto one stage adapter's config.
 */
const SOURCES = ['mnist', 'fashion-mnist', 'idx', 'bundled'];
const SPLITS = ['train', 'test'];

const dims23: Rule = int(2, 3);
const seed = field(int(0, 2 ** 32 - 1));

const tsne = obj({
  method: field(oneOf('tsne')),
  perplexity: field(num({ min: 1, max: 200 }), 25, 'effective number of neighbours'),
  learningRate: field({ kind: 'union', options: [oneOf('auto'), num({ min: 0, exclusiveMin: true })], describe: '"auto" or a positive number' }, 'auto'),
  iterations: field(int(50, 100000), 1000),
  dims: field(dims23, 2),
  theta: field(num({ min: 0, max: 1 }), 0.5, 'Barnes-Hut accuracy: 0 is exact'),
  earlyExaggeration: field(num({ min: 1, max: 100 }), 12),
  init: field(oneOf('pca', 'random'), 'pca'),
  seed,
});

const tsneExact = obj({
  method: field(oneOf('tsne-exact')),
  perplexity: field(num({ min: 1, max: 200 }), 25),
  learningRate: field(num({ min: 0, exclusiveMin: true }), 10),
  iterations: field(int(50, 100000), 1000),
  dims: field(dims23, 2),
  seed,
});

const pca = obj({
  method: field(oneOf('pca')),
  dims: field(int(1, 1024), 3),
});

const umap = obj({
  method: field(oneOf('umap')),
  neighbors: field(int(2, 200), 15),
  minDist: field(num({ min: 0, max: 1 }), 0.1),
  spread: field(num({ min: 0, exclusiveMin: true, max: 10 }), 1),
  epochs: field(int(1, 10000)),
  dims: field(dims23, 2),
  seed,
});

export const REDUCE_METHODS = ['tsne', 'tsne-exact', 'pca', 'umap'] as const;

export const pipelineSchema: Rule = obj({
  seed: field(int(0, 2 ** 32 - 1), 0, 'default seed of every stage'),
  data: field(
    obj({
      source: field(oneOf(...SOURCES), 'mnist'),
      fallback: field(list(oneOf(...SOURCES)), []),
      dir: field(str),
      files: field(
        obj({ trainImages: field(str), trainLabels: field(str), testImages: field(str), testLabels: field(str) }),
      ),
      classNames: field(list(str, 1)),
      limit: field(int(1)),
      sample: field(int(1)),
      seed,
    }),
    {},
  ),
  train: field(
    obj({
      dims: field(list(int(1, 100000), 2, 8), [784, 256, 64]),
      tiedWeights: field(bool, true),
      activation: field(oneOf('tanh', 'relu', 'sigmoid', 'linear'), 'tanh'),
      center: field(oneOf('mean', 'none'), 'mean'),
      loss: field(oneOf('sse', 'mse'), 'sse'),
      learningRate: field(num({ min: 0, exclusiveMin: true, max: 10 }), 0.001),
      batchSize: field(int(1, 100000), 50),
      epochs: field(int(1, 100000), 30),
      backend: field(oneOf('auto', 'tensorflow', 'wasm', 'cpu'), 'auto'),
      seed,
    }),
    {},
  ),
  encode: field(
    obj({
      splits: field(list(oneOf(...SPLITS), 1, 2), ['test']),
    }),
    {},
  ),
  reduce: field(
    {
      kind: 'map',
      keyPattern: /^[a-z][a-z0-9-]*$/,
      keyHint: 'use lower-case letters, digits and dashes, starting with a letter',
      of: { kind: 'variant', key: 'method', variants: { tsne, 'tsne-exact': tsneExact, pca, umap } },
    },
    {},
  ),
  export: field(
    obj({
      invertSprite: field(bool, false, 'dark digits on white thumbnails'),
    }),
    {},
  ),
});
