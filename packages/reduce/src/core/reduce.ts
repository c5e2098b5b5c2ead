import { checkReduceConfig } from './methods/registry';
import type { Embed } from './methods/types';

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

/**
 * Stand-ins for methods' own `embed`, by method id: `reduceParallel` runs t-SNE and UMAP on worker
 * threads through these. Each takes the options and progress of the method's `embed`.
 */
export type ReductionMethods = Partial<Record<string, Embed>>;

/** Runs one reduction on `n` rows of `d` values, in the calling thread. */
export function reduce(
  data: Float32Array,
  n: number,
  d: number,
  config: ReduceConfig,
  onProgress: ReduceProgress = () => undefined,
): Reduction {
  return reduceWith({}, data, n, d, config, onProgress) as Reduction;
}

/**
 * `reduce` through the registry, with `methods` standing in for the registered runs: synchronous
 * when they are, a promise when they are not (see `reduceParallel`).
 */
export function reduceWith(
  methods: ReductionMethods,
  data: Float32Array,
  n: number,
  d: number,
  config: ReduceConfig,
  onProgress: ReduceProgress = () => undefined,
): Reduction | Promise<Reduction> {
  const method = checkReduceConfig(config);
  const dims = config.dims ?? method.dims.default;
  const options: Record<string, unknown> = { ...config, dims };
  delete options.method;
  const embed = methods[method.id] ?? method.embed;
  const report = (event: unknown) => method.progress(event as never, onProgress);
  return then(embed(data, n, d, options, report), (value) => method.result(value as never, dims));
}

/** `next(value)`, after the promise settles if `value` is one. */
function then<T, U>(value: T | Promise<T>, next: (t: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
