import type { ReduceProgress, Reduction } from '../reduce';

/**
 * One parameter of a reduction method, declared once: the pipeline schema, `reduce()`'s checks
 * and the documentation all read it from here.
 */
export type Parameter = NumberParameter | EnumParameter;

export interface NumberParameter {
  /** `int` accepts whole numbers only. */
  type: 'number' | 'int';
  min?: number;
  max?: number;
  /** `min` itself is not allowed. */
  exclusiveMin?: boolean;
  /** The string `'auto'` is accepted too (the method then chooses from the input). */
  orAuto?: boolean;
  /** Absent when the method chooses from the input (see `doc`). */
  default?: number | 'auto';
  /** One line for people. */
  doc: string;
}

export interface EnumParameter {
  type: 'enum';
  values: readonly string[];
  default?: string;
  doc: string;
}

/** The output dimensions a method accepts. */
export interface DimsRange {
  min: number;
  max: number;
  default: number;
}

/** A method's own run: `options` are the config's parameters with `dims` and `seed`. */
export type Embed = (
  data: Float32Array,
  n: number,
  d: number,
  options: Record<string, unknown>,
  onProgress: (progress: unknown) => void,
) => unknown;

/** A reduction method as the registry knows it. */
export interface ReductionMethod {
  /** The config's `method`, e.g. `umap`. */
  id: string;
  /** For people, e.g. `t-SNE`. */
  displayName: string;
  /** Axis titles are this and the axis number, e.g. `UMAP 1`. */
  axisLabel: string;
  /** Whether `seed` changes the result. */
  seeded: boolean;
  dims: DimsRange;
  parameters: Record<string, Parameter>;
  /**
   * Runs the method in the calling thread; another implementation with the same signature can
   * stand in for it (see `reduceWith`, which the worker-thread path uses).
   */
  embed: Embed;
  /** Reports one progress event of `embed` as a phase and, when known, how far it got. */
  progress(event: never, report: ReduceProgress): void;
  /** The `Reduction` of what `embed` returned. */
  result(value: never, dims: number): Reduction;
}

/**
 * Declares a method with its own option, progress and result types, checked against each other
 * here and erased in the registry.
 */
export function defineMethod<O, P, R>(method: {
  id: string;
  displayName: string;
  axisLabel: string;
  seeded: boolean;
  dims: DimsRange;
  parameters: Record<string, Parameter>;
  embed(data: Float32Array, n: number, d: number, options: O, onProgress: (p: P) => void): R;
  progress(event: P, report: ReduceProgress): void;
  result(value: Awaited<R>, dims: number): Reduction;
}): ReductionMethod {
  return method as unknown as ReductionMethod;
}
