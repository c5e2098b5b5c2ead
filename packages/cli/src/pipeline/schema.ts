/**
 * A small declarative schema for pipeline YAML. Each rule knows how to check a plain value and
 * how to say what is wrong *and how to fix it*, so the validator can report
 * `file:line:col: <what> (<how to fix>)` from the YAML node's position.
 */
export type Rule =
  | { kind: 'number'; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }
  | { kind: 'string'; pattern?: RegExp; patternHint?: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'list'; of: Rule; minItems?: number; maxItems?: number }
  | { kind: 'object'; fields: Record<string, Field>; discriminator?: string }
  | { kind: 'map'; of: Rule; keyPattern: RegExp; keyHint: string }
  | { kind: 'union'; options: Rule[]; describe: string }
  | { kind: 'variant'; key: string; variants: Record<string, Rule> };

export interface Field {
  rule: Rule;
  required?: boolean;
  default?: unknown;
  doc?: string;
}

export const num = (opts: Omit<Extract<Rule, { kind: 'number' }>, 'kind'> = {}): Rule => ({
  kind: 'number',
  ...opts,
});
export const int = (min?: number, max?: number): Rule => ({
  kind: 'number',
  integer: true,
  min,
  max,
});
export const oneOf = (...values: string[]): Rule => ({ kind: 'enum', values });
export const bool: Rule = { kind: 'boolean' };
export const str: Rule = { kind: 'string' };
export const list = (of: Rule, minItems?: number, maxItems?: number): Rule => ({
  kind: 'list',
  of,
  minItems,
  maxItems,
});
export const obj = (fields: Record<string, Field>): Rule => ({ kind: 'object', fields });
export const field = (rule: Rule, defaultValue?: unknown, doc?: string): Field => ({
  rule,
  default: defaultValue,
  doc,
});
export const required = (rule: Rule, doc?: string): Field => ({ rule, required: true, doc });

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

export function rangeText(rule: Extract<Rule, { kind: 'number' }>): string {
  const { min, max } = rule;
  if (min !== undefined && max !== undefined)
    return rule.exclusiveMin ? ` greater than ${min} and at most ${max}` : ` from ${min} to ${max}`;
  if (min !== undefined) return rule.exclusiveMin ? ` greater than ${min}` : ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}
