import { Rule, map, obj, oneOf, required, variant } from '@latentlens/data';
import { METHODS, methodFields, type ReduceConfig, type ReductionMethod } from '@latentlens/reduce';
import { REDUCTION_NAME } from '../name';

/**
 * One method's settings, as the method registry declares them (its parameters, `dims`, and
 * `seed` when it is seeded). Typed as `reduce()` takes every method's config, since the registry's
 * methods are known at run time.
 */
function methodRule(method: ReductionMethod): Rule<ReduceConfig> {
  return obj({ method: required(oneOf(method.id)), ...methodFields(method) }) as Rule<ReduceConfig>;
}

/**
 * One entry under `reduce:`: a method and its parameters, derived from the method registry. The
 * methods' parameters differ, so its values are typed as `reduce()` takes them.
 */
export const reductionEntry: Rule<ReduceConfig> = variant(
  'method',
  Object.fromEntries(METHODS.map((m) => [m.id, methodRule(m)])),
);

/** `reduce:` — named reductions, each its own cached stage (see @latentlens/reduce). */
export const reduceSection = map(reductionEntry, REDUCTION_NAME.pattern, REDUCTION_NAME.hint);
