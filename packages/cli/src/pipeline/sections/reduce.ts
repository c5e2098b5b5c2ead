import { METHODS, type Parameter, type ReductionMethod } from '@latentlens/reduce';
import { Field, Rule, describeRule, field, int, num, obj, oneOf } from '../schema';
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
  if (!p.orAuto) return number;
  return {
    kind: 'union',
    options: [oneOf('auto'), number],
    describe: `"auto" or ${describeRule(number)}`,
  };
}

/** One method's settings: its declared parameters, `dims`, and `seed` when it is seeded. */
function methodRule(method: ReductionMethod): Rule {
  const fields: Record<string, Field> = { method: field(oneOf(method.id)) };
  for (const [name, p] of Object.entries(method.parameters))
    fields[name] = field(parameterRule(p), p.default, p.doc);
  fields.dims = field(int(method.dims.min, method.dims.max), method.dims.default);
  if (method.seeded) fields.seed = seedField;
  return obj(fields);
}

/** `reduce:` — named reductions, each its own cached stage (see @latentlens/reduce). */
export const reduceSection: Rule = {
  kind: 'map',
  keyPattern: /^[a-z][a-z0-9-]*$/,
  keyHint: 'use lower-case letters, digits and dashes, starting with a letter',
  of: {
    kind: 'variant',
    key: 'method',
    variants: Object.fromEntries(METHODS.map((m) => [m.id, methodRule(m)])),
  },
};
