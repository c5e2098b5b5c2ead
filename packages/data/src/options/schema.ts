/**
 * A small declarative schema: the one language in which every setting of latentlens is declared
 * (the pipeline's sections, each reduction method's parameters, each data source's options).
 * Each rule knows what it accepts and how to say what is wrong *and how to fix it*, so the YAML
 * validator (in the CLI) can report `file:line:col: <what> (<how to fix>)`, the command line can
 * check its flags with the same ranges, and help texts and tables can be written from it.
 *
 * A rule also carries, in its TypeScript type only, the type of the values it accepts:
 * `Infer<typeof rule>` is the type a validated value has, so no cast stands between the
 * validator and the code that uses the value.
 */
declare const accepts: unique symbol;
declare const present: unique symbol;

export type RuleShape =
  | { kind: 'number'; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }
  | { kind: 'string'; pattern?: RegExp; patternHint?: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'list'; of: Rule; minItems?: number; maxItems?: number }
  | { kind: 'object'; fields: Record<string, Field> }
  | { kind: 'map'; of: Rule; keyPattern: RegExp; keyHint: string }
  | { kind: 'union'; options: Rule[]; describe: string }
  | { kind: 'variant'; key: string; variants: Record<string, Rule> };

/** A rule accepting values of type `T` (the type is a compile-time tag, nothing at run time). */
export type Rule<T = unknown> = RuleShape & { readonly [accepts]?: T };

/** The type of the values `R` accepts. */
export type Infer<R> = R extends { readonly [accepts]?: infer T } ? T : never;

/**
 * A key of an object rule. `Present` says whether a validated value always has it (it is
 * required or has a default) or may lack it.
 */
export interface Field<T = unknown, Present extends boolean = boolean> {
  rule: Rule<T>;
  required?: boolean;
  default?: unknown;
  doc?: string;
  readonly [present]?: Present;
}

type FieldType<F> = F extends Field<infer T, boolean> ? T : never;
type Flatten<T> = { [K in keyof T]: T[K] } & {};
/** The value of an object rule: its present keys, then its optional ones. */
export type ObjectOf<F extends Record<string, Field>> = Flatten<
  { [K in keyof F as F[K] extends Field<unknown, true> ? K : never]: FieldType<F[K]> } & {
    [K in keyof F as F[K] extends Field<unknown, true> ? never : K]?: FieldType<F[K]>;
  }
>;

export const num = (
  opts: Omit<Extract<RuleShape, { kind: 'number' }>, 'kind'> = {},
): Rule<number> => ({
  kind: 'number',
  ...opts,
});
export const int = (min?: number, max?: number): Rule<number> => ({
  kind: 'number',
  integer: true,
  min,
  max,
});
export const oneOf = <V extends string>(...values: V[]): Rule<V> => ({ kind: 'enum', values });
export const bool: Rule<boolean> = { kind: 'boolean' };
export const str: Rule<string> = { kind: 'string' };
/** A string matching `pattern`; `hint` says what to write, in "expected …" messages. */
export const matching = (pattern: RegExp, hint: string): Rule<string> => ({
  kind: 'string',
  pattern,
  patternHint: hint,
});
export const list = <T>(of: Rule<T>, minItems?: number, maxItems?: number): Rule<T[]> => ({
  kind: 'list',
  of,
  minItems,
  maxItems,
});
export const obj = <F extends Record<string, Field>>(fields: F): Rule<ObjectOf<F>> => ({
  kind: 'object',
  fields,
});
/** Entries under names of the user's choosing (`reduce:`), each checked by `of`. */
export const map = <T>(
  of: Rule<T>,
  keyPattern: RegExp,
  keyHint: string,
): Rule<Record<string, T>> => ({
  kind: 'map',
  of,
  keyPattern,
  keyHint,
});
/** The first of `options` that accepts the value; `describe` names them all for messages. */
export const anyOf = <R extends Rule[]>(
  describe: string,
  ...options: R
): Rule<Infer<R[number]>> => ({
  kind: 'union',
  options,
  describe,
});
/** A mapping whose `key` picks the rule of the rest (`method: tsne` → t-SNE's parameters). */
export const variant = <V extends Record<string, Rule>>(
  key: string,
  variants: V,
): Rule<Infer<V[keyof V]>> => ({
  kind: 'variant',
  key,
  variants,
});

/** `"auto"` (the program chooses) or a value of `rule`. */
export const orAuto = <T>(rule: Rule<T>): Rule<'auto' | T> =>
  anyOf(`"auto" or ${describeRule(rule)}`, oneOf('auto'), rule);

/** A seed: every random choice of a stage follows from it. */
export const seedRule = int(0, 2 ** 32 - 1);

/** A key that may be absent (no default), or one that the validator fills with `defaultValue`. */
export function field<T>(rule: Rule<T>, defaultValue?: undefined, doc?: string): Field<T, false>;
export function field<T>(rule: Rule<T>, defaultValue: unknown, doc?: string): Field<T, true>;
export function field<T>(rule: Rule<T>, defaultValue?: unknown, doc?: string): Field<T> {
  return { rule, default: defaultValue, doc };
}
export const required = <T>(rule: Rule<T>, doc?: string): Field<T, true> => ({
  rule,
  required: true,
  doc,
});

/** A readable name for what a rule accepts, used in "expected …" messages. */
export function describeRule(rule: Rule): string {
  switch (rule.kind) {
    case 'number': {
      const what = rule.integer ? 'a whole number' : 'a number';
      return `${what}${rangeText(rule)}`;
    }
    case 'string':
      return rule.patternHint ?? 'a string';
    case 'enum':
      return `one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'list':
      return `a list of ${describeRule(rule.of).replace(/^an? /, '')}s`;
    case 'object':
    case 'variant':
      return 'a mapping';
    case 'map':
      return 'a mapping of names';
    case 'union':
      return rule.describe;
  }
}

type NumberRule = Extract<RuleShape, { kind: 'number' }>;

/** Whether `value` lies within `rule`'s bounds (its kind and wholeness aside). */
export function inRange(rule: NumberRule, value: number): boolean {
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min))
    return false;
  return rule.max === undefined || value <= rule.max;
}

/**
 * Whether a rule of one value (a number, string, enum, boolean, or a union of them) accepts
 * `value`: the one predicate behind the YAML validator's scalar checks and `reduce()`'s check of
 * its arguments, so code, flags and YAML accept the same values. Lists and mappings are the
 * validator's to walk: for them this is false.
 */
export function acceptsValue(rule: Rule, value: unknown): boolean {
  switch (rule.kind) {
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!rule.integer || Number.isInteger(value)) &&
        inRange(rule, value)
      );
    case 'string':
      return typeof value === 'string' && (!rule.pattern || rule.pattern.test(value));
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'union':
      return rule.options.some((option) => acceptsValue(option, value));
    default:
      return false;
  }
}

export function rangeText(rule: NumberRule): string {
  const { min, max } = rule;
  if (min !== undefined && max !== undefined)
    return rule.exclusiveMin ? ` greater than ${min} and at most ${max}` : ` from ${min} to ${max}`;
  if (min !== undefined) return rule.exclusiveMin ? ` greater than ${min}` : ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}
