import type { Field, ObjectOf } from '@latentlens/data';
import type { ReduceProgress, Reduction } from '../reduce';

/** The output dimensions a method accepts; `D` their type (`2 | 3`, or any number). */
export interface DimsRange<D extends number = number> {
  min: D;
  max: D;
  default: D;
}

/**
 * What a method's run is given: its declared parameters, each possibly absent (a caller of
 * `reduce()` need not fill the defaults: the method applies the same ones), with `dims` and
 * `seed`. Inferred from the declaration, so the run's own option type is checked against it.
 */
export type MethodOptions<F extends Record<string, Field>, D extends number = number> = Partial<
  ObjectOf<F>
> & {
  dims: D;
  seed?: number;
};

/**
 * A reduction method as declared in its file: its parameters are fields of the schema language of
 * @latentlens/data (rule with type and range, default, one-line doc), once each.
 */
export interface MethodDeclaration<
  F extends Record<string, Field>,
  P,
  R,
  D extends number = number,
> {
  /** The config's `method`, e.g. `umap`. */
  id: string;
  /** For people, e.g. `t-SNE`. */
  displayName: string;
  /** Axis titles are this and the axis number, e.g. `UMAP 1`. */
  axisLabel: string;
  /** Whether `seed` changes the result. */
  seeded: boolean;
  dims: DimsRange<D>;
  parameters: F;
  /**
   * Runs the method in the calling thread; another implementation with the same signature can
   * stand in for it (see `reduceWith`, which the worker-thread path uses).
   */
  embed: Run<MethodOptions<F, D>, P, R>;
  /** Reports one progress event of `embed` as a phase and, when known, how far it got. */
  progress: (event: P, report: ReduceProgress) => void;
  /** The `Reduction` of what `embed` returned. */
  result: (value: Awaited<R>, dims: number) => Reduction;
}

/** A method's run on `n` rows of `d` values: its options and progress events, what it returns. */
type Run<O, P, R> = (
  data: Float32Array,
  n: number,
  d: number,
  options: O,
  onProgress: (progress: P) => void,
) => R;

/**
 * A method's run with its own types erased, as the registry calls it and as `reduceWith` takes
 * stand-ins for it: `options` are the config's parameters with `dims` and `seed`.
 */
export type Embed = Run<Record<string, unknown>, unknown, unknown>;

/** A reduction method as the registry knows it, its own types erased. */
export type ReductionMethod = Omit<
  MethodDeclaration<Record<string, Field>, never, unknown>,
  'embed'
> & {
  embed: Embed;
};

/**
 * Declares a method with its own option, progress and result types: `embed` must take what the
 * declared parameters allow (their inferred types), and `progress` and `result` what it gives.
 */
export function defineMethod<F extends Record<string, Field>, P, R, D extends number = number>(
  method: MethodDeclaration<F, P, R, D>,
): ReductionMethod {
  return method as unknown as ReductionMethod;
}
