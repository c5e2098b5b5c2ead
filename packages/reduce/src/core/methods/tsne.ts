import { field, int, num, oneOf, orAuto } from '@latentlens/data';
import { tsneExactEmbed } from '../tsne/exact';
import { tsneEmbed } from '../tsne/tsne';
import type { TsneProgress, TsneResult } from '../tsne/types';
import { defineMethod, type DimsRange } from './types';

/** What t-SNE and exact t-SNE share: their names, dimensions, result, and two parameters. */
const common = {
  seeded: true,
  dims: { min: 2, max: 3, default: 2 } as DimsRange<2 | 3>,
  result: (r: TsneResult, dims: number) => ({
    coords: r.coords,
    dims,
    stats: { kl: r.kl, iterations: r.iterations },
  }),
};
const perplexity = field(num({ min: 1, max: 200 }), 25, 'effective number of neighbours');
const iterations = field(int(50, 100_000), 1000, 'gradient-descent iterations');

export const tsne = defineMethod({
  ...common,
  id: 'tsne',
  displayName: 't-SNE',
  axisLabel: 't-SNE',
  parameters: {
    perplexity,
    learningRate: field(
      orAuto(num({ min: 0, exclusiveMin: true })),
      'auto',
      '"auto" is max(n / earlyExaggeration, 200)',
    ),
    iterations,
    earlyExaggeration: field(
      num({ min: 1, max: 100 }),
      12,
      'factor on the affinities during the first iterations',
    ),
    earlyExaggerationIterations: field(int(0, 100_000), 250, 'iterations with early exaggeration'),
    theta: field(num({ min: 0, max: 1 }), 0.5, 'Barnes-Hut accuracy: 0 is exact'),
    gradient: field(
      oneOf('auto', 'fft', 'barnes-hut'),
      'auto',
      'repulsion: FFT interpolation (2-D) or Barnes-Hut; auto picks per iteration',
    ),
    init: field(oneOf('pca', 'random'), 'pca', 'initial layout'),
  },
  embed: tsneEmbed,
  progress: (p: TsneProgress, report) =>
    report(
      p.phase,
      p.iteration,
      p.iterations,
      p.kl === undefined ? undefined : `KL ${p.kl.toFixed(3)}`,
    ),
});

export const tsneExact = defineMethod({
  ...common,
  id: 'tsne-exact',
  displayName: 'exact t-SNE',
  axisLabel: 'exact t-SNE',
  parameters: {
    perplexity,
    learningRate: field(
      num({ min: 0, exclusiveMin: true }),
      400,
      'in our gradient convention (tsne-js gets a quarter of it)',
    ),
    iterations,
  },
  embed(data, n, d, options, onProgress: (phase: string) => void) {
    onProgress('exact t-SNE (tsne-js)');
    return tsneExactEmbed(data, n, d, options);
  },
  progress: (phase, report) => report(phase),
});
