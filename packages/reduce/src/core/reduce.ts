import { pcaEmbed } from './pca';
import { tsneExactEmbed } from './tsne/exact';
import { tsneEmbed } from './tsne/tsne';
import type { TsneOptions, TsneProgress, TsneResult } from './tsne/types';
import { umapEmbed, type UmapOptions, type UmapProgress, type UmapResult } from './umap';

/** A reduction as the pipeline YAML declares it: a method and its parameters. */
export interface ReduceConfig {
  method: string;
  dims?: number;
  seed?: number;
  [param: string]: unknown;
}

export interface Reduction {
  coords: Float32Array;
  dims: number;
  /** Method-specific figures (t-SNE: final KL divergence and iterations). */
  stats: Record<string, number>;
  /** PCA only. */
  explainedVarianceRatio?: number[];
}

/** Progress of any method: a phase name and, when known, how far it got. */
export type ReduceProgress = (
  phase: string,
  done?: number,
  total?: number,
  status?: string,
) => void;

/** The implementations of the iterative methods: in the calling thread, or on worker threads. */
export interface ReductionMethods {
  tsne(
    data: Float32Array,
    n: number,
    d: number,
    options: TsneOptions,
    onProgress: (p: TsneProgress) => void,
  ): TsneResult | Promise<TsneResult>;
  umap(
    data: Float32Array,
    n: number,
    d: number,
    options: UmapOptions,
    onProgress: (p: UmapProgress) => void,
  ): UmapResult | Promise<UmapResult>;
}

const inThisThread: ReductionMethods = { tsne: tsneEmbed, umap: umapEmbed };

/** The parameters each method reads from a config, besides `method`, `dims` and `seed`. */
const PARAMETERS: Record<string, string[]> = {
  pca: [],
  tsne: [
    'perplexity',
    'learningRate',
    'iterations',
    'earlyExaggeration',
    'earlyExaggerationIterations',
    'theta',
    'gradient',
    'init',
  ],
  'tsne-exact': ['perplexity', 'learningRate', 'iterations'],
  umap: ['neighbors', 'minDist', 'spread', 'epochs'],
};

/** A misspelt parameter would otherwise fall back to its default without a word. */
function checkParameters(config: ReduceConfig): void {
  const known = PARAMETERS[config.method];
  if (!known) return;
  for (const key of Object.keys(config)) {
    if (!['method', 'dims', 'seed', ...known].includes(key))
      throw new Error(
        `reduce: unknown parameter "${key}" for method ${config.method} (known: ${['dims', 'seed', ...known].join(', ')})`,
      );
  }
}

/** Runs one reduction on `n` rows of `d` values, in the calling thread. */
export function reduce(
  data: Float32Array,
  n: number,
  d: number,
  config: ReduceConfig,
  onProgress: ReduceProgress = () => undefined,
): Reduction {
  return reduceWith(inThisThread, data, n, d, config, onProgress) as Reduction;
}

/**
 * `reduce` with the given implementations: synchronous when they are, a promise when they are
 * not (see `reduceParallel`).
 */
export function reduceWith(
  methods: ReductionMethods,
  data: Float32Array,
  n: number,
  d: number,
  config: ReduceConfig,
  onProgress: ReduceProgress = () => undefined,
): Reduction | Promise<Reduction> {
  checkParameters(config);
  const dims = config.dims ?? (config.method === 'pca' ? 3 : 2);
  switch (config.method) {
    case 'pca': {
      onProgress('pca');
      const r = pcaEmbed(data, n, d, { dims });
      return {
        coords: r.coords,
        dims,
        stats: {},
        explainedVarianceRatio: [...r.explainedVarianceRatio],
      };
    }
    case 'tsne': {
      const options: TsneOptions = {
        dims: dims as 2 | 3,
        perplexity: config.perplexity as number | undefined,
        learningRate: config.learningRate as number | 'auto' | undefined,
        iterations: config.iterations as number | undefined,
        earlyExaggeration: config.earlyExaggeration as number | undefined,
        earlyExaggerationIterations: config.earlyExaggerationIterations as number | undefined,
        theta: config.theta as number | undefined,
        gradient: config.gradient as TsneOptions['gradient'],
        init: config.init as 'pca' | 'random' | undefined,
        seed: config.seed,
      };
      return then(
        methods.tsne(data, n, d, options, (p) =>
          onProgress(
            p.phase,
            p.iteration,
            p.iterations,
            p.kl === undefined ? undefined : `KL ${p.kl.toFixed(3)}`,
          ),
        ),
        (r) => ({ coords: r.coords, dims, stats: { kl: r.kl, iterations: r.iterations } }),
      );
    }
    case 'tsne-exact': {
      onProgress('exact t-SNE (tsne-js)');
      const r = tsneExactEmbed(data, n, d, {
        dims: dims as 2 | 3,
        perplexity: config.perplexity as number | undefined,
        learningRate: config.learningRate as number | undefined,
        iterations: config.iterations as number | undefined,
        seed: config.seed,
      });
      return { coords: r.coords, dims, stats: { kl: r.kl, iterations: r.iterations } };
    }
    case 'umap': {
      const options: UmapOptions = {
        dims: dims as 2 | 3,
        neighbors: config.neighbors as number | undefined,
        minDist: config.minDist as number | undefined,
        spread: config.spread as number | undefined,
        epochs: config.epochs as number | undefined,
        seed: config.seed,
      };
      return then(
        methods.umap(data, n, d, options, (p) => onProgress(p.phase, p.epoch, p.epochs)),
        (r) => ({ coords: r.coords, dims, stats: {} }),
      );
    }
    default:
      throw new Error(
        `unknown reduction method "${config.method}" (use tsne, tsne-exact, pca or umap)`,
      );
  }
}

/** `next(value)`, after the promise settles if `value` is one. */
function then<T, U>(value: T | Promise<T>, next: (t: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
