import {
  Field,
  Rule,
  anyOf,
  describeRule,
  field,
  int,
  map,
  num,
  obj,
  oneOf,
  required,
  variant,
} from '@latentlens/data';
import {
  METHODS,
  type Parameter,
  type ReduceConfig,
  type ReductionMethod,
} from '@latentlens/reduce';
import { REDUCTION_NAME } from '../name';
import { seedField } from './common';

/** The schema rule of a parameter as @latentlens/reduce's method registry declares it. */
export function parameterRule(p: Parameter): Rule {
  if (p.type === 'enum') return oneOf(...p.values);
  const number = num({
    min: p.min,
    max: p.max,
    integer: p.type === 'int' || undefined,
    exclusiveMin: p.exclusiveMin,
  });
  return p.orAuto ? anyOf(`"auto" or ${describeRule(number)}`, oneOf('auto'), number) : number;
}

/**
 * One method's settings: its declared parameters, `dims`, and `seed` when it is seeded. Typed as
 * `reduce()` takes every method's config, since the registry's parameters are known at run time.
 */
function methodRule(method: ReductionMethod): Rule<ReduceConfig> {
  const fields: Record<string, Field> = { method: required(oneOf(method.id)) };
  for (const [name, p] of Object.entries(method.parameters))
    fields[name] = field(parameterRule(p), p.default, p.doc);
  fields.dims = field(int(method.dims.min, method.dims.max), method.dims.default);
  if (method.seeded) fields.seed = seedField;
  return obj(fields) as Rule<ReduceConfig>;
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
