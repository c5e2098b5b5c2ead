import {
  acceptsValue,
  describeRule,
  field,
  int,
  num,
  oneOf,
  orAuto,
  seedRule,
  type Field,
} from '@latentlens/data';
import { pcaEmbed, type PcaResult } from '../pca';
import type { ReduceConfig } from '../reduce';
import { tsneExactEmbed } from '../tsne/exact';
import { tsneEmbed } from '../tsne/tsne';
import type { TsneProgress, TsneResult } from '../tsne/types';
import { umapEmbed, type UmapProgress } from '../umap';
import { defineMethod, type DimsRange, type ReductionMethod } from './types';

/*
 * Every reduction method, once: its declaration (`defineMethod`: id, names, parameters as fields
 * of the schema language, how it runs) and its entry in `METHODS`. `reduce()` checks configs and
 * dispatches through it, the pipeline schema is derived from it, so adding a method is its core
 * file, its declaration and entry here, and its tests (docs/EXTENDING.md).
 */

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

const tsne = defineMethod({
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

const tsneExact = defineMethod({
  ...common,
  id: 'tsne-exact',
  displayName: 'exact t-SNE',
  axisLabel: 't-SNE',
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

const pca = defineMethod({
  id: 'pca',
  displayName: 'PCA',
  axisLabel: 'PC',
  seeded: false,
  dims: { min: 1, max: 1024, default: 3 },
  parameters: {},
  embed(data, n, d, options, onProgress: (phase: 'pca') => void): PcaResult {
    onProgress('pca');
    return pcaEmbed(data, n, d, { dims: options.dims });
  },
  progress: (phase, report) => report(phase),
  result: (r, dims) => ({
    coords: r.coords,
    dims,
    stats: {},
    explainedVarianceRatio: [...r.explainedVarianceRatio],
  }),
});

const umap = defineMethod({
  id: 'umap',
  displayName: 'UMAP',
  axisLabel: 'UMAP',
  seeded: true,
  dims: { min: 2, max: 3, default: 2 } as DimsRange<2 | 3>,
  parameters: {
    neighbors: field(int(2, 200), 15, 'size of the local neighbourhood, counting the point itself'),
    minDist: field(num({ min: 0, max: 1 }), 0.1, 'minimum distance between embedded points'),
    spread: field(num({ min: 0, exclusiveMin: true, max: 10 }), 1, 'scale of embedded distances'),
    epochs: field(
      int(1, 10_000),
      undefined,
      'optimisation epochs; default 500 up to 10,000 rows, 200 above',
    ),
    negativeSampleRate: field(int(1, 100), 5, 'negative samples per positive edge sample'),
    learningRate: field(
      num({ min: 0, exclusiveMin: true, max: 100 }),
      1,
      'initial step, decayed linearly to 0',
    ),
    engine: field(
      oneOf('latentlens', 'umap-js'),
      'latentlens',
      "the layout optimiser: ours, or umap-js's (the reference)",
    ),
    init: field(
      oneOf('spectral', 'pca', 'random'),
      undefined,
      'initial layout of engine latentlens (default spectral); umap-js starts at random',
    ),
  },
  embed: umapEmbed,
  progress: (p: UmapProgress, report) => report(p.phase, p.epoch, p.epochs),
  result: (r, dims) => ({ coords: r.coords, dims, stats: {} }),
});

/** Every registered method, in the order `--help` and the docs list them. */
export const METHODS: readonly ReductionMethod[] = [tsne, tsneExact, pca, umap];

/** The registered method called `id`; an error listing the known ones otherwise. */
export function reductionMethod(id: string): ReductionMethod {
  const method = METHODS.find((m) => m.id === id);
  if (!method)
    throw new Error(
      `unknown reduction method "${id}" (use ${METHODS.map((m) => m.id).join(', ')})`,
    );
  return method;
}

/**
 * Every setting a method's config takes besides `method`, as schema fields: its declared
 * parameters, `dims`, and `seed` when it is seeded. The pipeline's YAML section, the reduce
 * command's flags and `reduce()`'s own check all read them from here.
 */
export function methodFields(method: ReductionMethod): Record<string, Field> {
  const { min, max, default: dims } = method.dims;
  return {
    ...method.parameters,
    dims: field(int(min, max), dims, 'output dimensions'),
    ...(method.seeded ? { seed: field(seedRule, undefined, 'seed of every random choice') } : {}),
  };
}

/**
 * Checks `config` against its method's declaration: no unknown parameter (a misspelt one would
 * otherwise fall back to its default without a word), every value of the declared type and range,
 * in the words of the pipeline's validator. `seed` is taken by every method, so that a pipeline's
 * seed can go to all; unseeded ones ignore it.
 */
export function checkReduceConfig(config: ReduceConfig): ReductionMethod {
  const method = reductionMethod(config.method);
  const { dims, seed = field(seedRule), ...parameters } = methodFields(method);
  const declared: Record<string, Field> = { dims, seed, ...parameters };
  for (const [key, value] of Object.entries(config)) {
    if (key === 'method' || value === undefined) continue;
    const parameter = Object.hasOwn(declared, key) ? declared[key] : undefined;
    if (!parameter)
      throw new Error(
        `reduce: unknown parameter "${key}" for method ${method.id} (known: ${Object.keys(declared).join(', ')})`,
      );
    if (!acceptsValue(parameter.rule, value))
      throw new Error(
        `reduce: ${method.id} parameter ${key} = ${JSON.stringify(value)} is not allowed (use ${describeRule(parameter.rule)})`,
      );
  }
  return method;
}
