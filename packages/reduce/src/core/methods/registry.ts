import type { ReduceConfig } from '../reduce';
import { pca } from './pca';
import { tsne, tsneExact } from './tsne';
import type { Parameter, ReductionMethod } from './types';
import { umap } from './umap';

/**
 * Every reduction method, once: its parameters, names and run. `reduce()` checks configs and
 * dispatches through it, the pipeline schema is derived from it, so adding a method is its core
 * file, an entry here and its tests.
 */
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

/** What a parameter accepts, in words, e.g. `a whole number from 2 to 200`. */
export function describeParameter(p: Parameter): string {
  if (p.type === 'enum') return `one of ${p.values.map((v) => JSON.stringify(v)).join(', ')}`;
  const what = p.type === 'int' ? 'a whole number' : 'a number';
  let range = '';
  if (p.min !== undefined && p.max !== undefined)
    range = p.exclusiveMin
      ? ` greater than ${p.min} and at most ${p.max}`
      : ` from ${p.min} to ${p.max}`;
  else if (p.min !== undefined)
    range = p.exclusiveMin ? ` greater than ${p.min}` : ` of at least ${p.min}`;
  else if (p.max !== undefined) range = ` of at most ${p.max}`;
  return `${p.orAuto ? '"auto" or ' : ''}${what}${range}`;
}

/** Whether `value` is one `p` accepts. */
export function acceptsValue(p: Parameter, value: unknown): boolean {
  if (p.type === 'enum') return typeof value === 'string' && p.values.includes(value);
  if (p.orAuto && value === 'auto') return true;
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (p.type === 'int' && !Number.isInteger(value)) return false;
  if (p.min !== undefined && (p.exclusiveMin ? value <= p.min : value < p.min)) return false;
  return p.max === undefined || value <= p.max;
}

/** `seed` as the pipeline and `reduce()` accept it. */
export const SEED: Parameter = {
  type: 'int',
  min: 0,
  max: 2 ** 32 - 1,
  default: 0,
  doc: 'seed of every random choice',
};

/**
 * Checks `config` against its method's declaration: no unknown parameter (a misspelt one would
 * otherwise fall back to its default without a word), every value of the declared type and range.
 */
export function checkReduceConfig(config: ReduceConfig): ReductionMethod {
  const method = reductionMethod(config.method);
  const declared: Record<string, Parameter> = {
    dims: { type: 'int', ...method.dims, doc: 'output dimensions' },
    // Accepted by every method, so that a pipeline's seed can go to all; unseeded ones ignore it.
    seed: SEED,
    ...method.parameters,
  };
  for (const [key, value] of Object.entries(config)) {
    if (key === 'method' || value === undefined) continue;
    const parameter = declared[key];
    if (!parameter)
      throw new Error(
        `reduce: unknown parameter "${key}" for method ${method.id} (known: ${Object.keys(declared).join(', ')})`,
      );
    if (!acceptsValue(parameter, value))
      throw new Error(
        `reduce: ${method.id} parameter ${key} = ${JSON.stringify(value)} is not allowed (use ${describeParameter(parameter)})`,
      );
  }
  return method;
}
