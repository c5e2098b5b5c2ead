import { anyOf, field, int, map, num, obj, oneOf, required, variant } from '@latentlens/data';
import { REDUCTION_NAME } from '../name';
import { seedField } from './common';

const dims23 = int(2, 3);

const tsne = obj({
  method: required(oneOf('tsne')),
  perplexity: field(num({ min: 1, max: 200 }), 25, 'effective number of neighbours'),
  learningRate: field(
    anyOf('"auto" or a positive number', oneOf('auto'), num({ min: 0, exclusiveMin: true })),
    'auto',
  ),
  iterations: field(int(50, 100000), 1000),
  dims: field(dims23, 2),
  theta: field(num({ min: 0, max: 1 }), 0.5, 'Barnes-Hut accuracy: 0 is exact'),
  gradient: field(
    oneOf('auto', 'fft', 'barnes-hut'),
    'auto',
    'repulsion: FFT interpolation (2-D) or Barnes-Hut; auto picks by size',
  ),
  earlyExaggeration: field(num({ min: 1, max: 100 }), 12),
  init: field(oneOf('pca', 'random'), 'pca'),
  seed: seedField,
});

const tsneExact = obj({
  method: required(oneOf('tsne-exact')),
  perplexity: field(num({ min: 1, max: 200 }), 25),
  learningRate: field(num({ min: 0, exclusiveMin: true })),
  iterations: field(int(50, 100000), 1000),
  dims: field(dims23, 2),
  seed: seedField,
});

const pca = obj({
  method: required(oneOf('pca')),
  dims: field(int(1, 1024), 3),
});

const umap = obj({
  method: required(oneOf('umap')),
  neighbors: field(int(2, 200), 15),
  minDist: field(num({ min: 0, max: 1 }), 0.1),
  spread: field(num({ min: 0, exclusiveMin: true, max: 10 }), 1),
  epochs: field(int(1, 10000)),
  dims: field(dims23, 2),
  seed: seedField,
});

/** `reduce:` — named reductions, each its own cached stage (see @latentlens/reduce). */
export const reductionEntry = variant('method', { tsne, 'tsne-exact': tsneExact, pca, umap });
export const reduceSection = map(reductionEntry, REDUCTION_NAME.pattern, REDUCTION_NAME.hint);
