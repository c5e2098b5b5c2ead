import { tsneExactEmbed, type TsneExactOptions } from '../tsne/exact';
import { tsneEmbed } from '../tsne/tsne';
import type { TsneProgress } from '../tsne/types';
import { defineMethod, type Parameter } from './types';

const perplexity: Parameter = {
  type: 'number',
  min: 1,
  max: 200,
  default: 25,
  doc: 'effective number of neighbours',
};
const iterations: Parameter = {
  type: 'int',
  min: 50,
  max: 100_000,
  default: 1000,
  doc: 'gradient-descent iterations',
};
const dims = { min: 2, max: 3, default: 2 };

export const tsne = defineMethod({
  id: 'tsne',
  displayName: 't-SNE',
  axisLabel: 't-SNE',
  seeded: true,
  dims,
  parameters: {
    perplexity,
    learningRate: {
      type: 'number',
      min: 0,
      exclusiveMin: true,
      orAuto: true,
      default: 'auto',
      doc: '"auto" is max(n / earlyExaggeration, 200)',
    },
    iterations,
    earlyExaggeration: {
      type: 'number',
      min: 1,
      max: 100,
      default: 12,
      doc: 'factor on the affinities during the first iterations',
    },
    earlyExaggerationIterations: {
      type: 'int',
      min: 0,
      max: 100_000,
      default: 250,
      doc: 'iterations with early exaggeration',
    },
    theta: { type: 'number', min: 0, max: 1, default: 0.5, doc: 'Barnes-Hut accuracy: 0 is exact' },
    gradient: {
      type: 'enum',
      values: ['auto', 'fft', 'barnes-hut'],
      default: 'auto',
      doc: 'repulsion: FFT interpolation (2-D) or Barnes-Hut; auto picks per iteration',
    },
    init: { type: 'enum', values: ['pca', 'random'], default: 'pca', doc: 'initial layout' },
  },
  embed: tsneEmbed,
  progress: (p: TsneProgress, report) =>
    report(
      p.phase,
      p.iteration,
      p.iterations,
      p.kl === undefined ? undefined : `KL ${p.kl.toFixed(3)}`,
    ),
  result: (r, dims) => ({ coords: r.coords, dims, stats: { kl: r.kl, iterations: r.iterations } }),
});

export const tsneExact = defineMethod({
  id: 'tsne-exact',
  displayName: 'exact t-SNE',
  axisLabel: 'exact t-SNE',
  seeded: true,
  dims,
  parameters: {
    perplexity,
    learningRate: {
      type: 'number',
      min: 0,
      exclusiveMin: true,
      default: 400,
      doc: 'in our gradient convention (tsne-js gets a quarter of it)',
    },
    iterations,
  },
  embed(data, n, d, options: TsneExactOptions, onProgress: (phase: string) => void) {
    onProgress('exact t-SNE (tsne-js)');
    return tsneExactEmbed(data, n, d, options);
  },
  progress: (phase, report) => report(phase),
  result: (r, dims) => ({ coords: r.coords, dims, stats: { kl: r.kl, iterations: r.iterations } }),
});
