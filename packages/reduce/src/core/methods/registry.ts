import { acceptsValue, describeRule, field, int, seedRule, type Field } from '@latentlens/data';
import type { ReduceConfig } from '../reduce';
import { pca } from './pca';
import { tsne, tsneExact } from './tsne';
import type { ReductionMethod } from './types';
import { umap } from './umap';

/**
 * Every reduction method, once: its parameters, names and run. `reduce()` checks configs and
 * dispatches through it, the pipeline schema is derived from it, so adding a method is its core
 * file, its declaration beside this file, an entry here and its tests (docs/EXTENDING.md).
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
