import { describeRule, type Field, type Rule } from '@latentlens/data';
import { METHODS, methodFields, reduceWith, type ReductionMethod } from '@latentlens/reduce';
import { checkFlags } from '../commands/args';
import { PipelineError, parsePipeline } from './load';
import { reductionEntry } from './pipelineSchema';

/** Every parameter a method's YAML section takes, as the registry declares them. */
function declared(method: ReductionMethod): [string, Field][] {
  return Object.entries(methodFields(method));
}

/** A value `rule` accepts, other than the default when there is room. */
function validValue(rule: Rule): unknown {
  switch (rule.kind) {
    case 'enum':
      return rule.values[rule.values.length - 1];
    case 'union':
      return validValue(rule.options[rule.options.length - 1]);
    case 'number': {
      const low = rule.min ?? 0;
      const value = rule.max === undefined ? low + 1 : low + (rule.max - low) / 4;
      return rule.integer ? Math.ceil(value) : value;
    }
    default:
      throw new Error(`no method parameter is a ${rule.kind}`);
  }
}

/** Values outside the declared type or range. */
function invalidValues(rule: Rule): unknown[] {
  if (rule.kind === 'enum') return ['no-such-value', 3];
  const number = rule.kind === 'union' ? rule.options.find((o) => o.kind === 'number') : rule;
  if (number?.kind !== 'number') throw new Error(`no method parameter is a ${rule.kind}`);
  const out: unknown[] = ['many'];
  if (number.max !== undefined) out.push(number.max + 1);
  if (number.min !== undefined) out.push(number.exclusiveMin ? number.min : number.min - 1);
  if (number.integer) out.push((number.min ?? 0) + 1.5);
  return out;
}

function yamlOf(method: string, name: string, value: unknown): string {
  return `reduce:\n  r:\n    method: ${method}\n    ${name}: ${JSON.stringify(value)}\n`;
}

function rejection(text: string): string[] {
  try {
    parsePipeline(text, 'pipelines/test.yaml');
  } catch (error) {
    if (error instanceof PipelineError) return error.lines;
    throw error;
  }
  return [];
}

/** `reduce` on `config`, with a stand-in for the method's run that returns the options it got. */
function optionsReduceGives(method: ReductionMethod, config: Record<string, unknown>) {
  const data = new Float32Array(20 * 3);
  let seen: Record<string, unknown> = {};
  const pretend = (_x: Float32Array, n: number, _d: number, options: Record<string, unknown>) => {
    seen = options;
    const dims = options.dims as number;
    return {
      coords: new Float32Array(n * dims),
      dims,
      kl: 0,
      iterations: 0,
      explainedVarianceRatio: [],
    };
  };
  reduceWith({ [method.id]: pretend }, data, 20, 3, { method: method.id, ...config });
  return seen;
}

const cases = METHODS.flatMap((m) => declared(m).map(([name, p]) => [m.id, name, m, p] as const));

/** What `latentlens reduce --method <id> --param <name>=<value>` makes of the flag. */
const flagConfig = (id: string, name: string, value: unknown) =>
  checkFlags({ method: id, [name]: value }, reductionEntry, (key) => `--param ${key}`);

describe('the pipeline schema, the CLI and reduce() follow the method registry', () => {
  test.each(cases)(
    '%s %s: default and a valid value accepted by all three',
    (id, name, method, p) => {
      const values = [validValue(p.rule), ...(p.default === undefined ? [] : [p.default])];
      for (const value of values) {
        const parsed = parsePipeline(yamlOf(id, name, value), 'pipelines/test.yaml');
        expect(parsed.config.reduce.r[name]).toEqual(value);
        expect(optionsReduceGives(method, parsed.config.reduce.r)[name]).toEqual(value);
        expect(flagConfig(id, name, value)[name]).toEqual(value);
      }
    },
  );

  test.each(cases)(
    '%s %s: out-of-range values rejected by all three, saying what to use in the same words',
    (id, name, method, p) => {
      // YAML and flags say "(use …)" or "(write …)", reduce() "(use …)": the words after agree.
      const allowed = `${describeRule(p.rule)})`;
      for (const value of invalidValues(p.rule)) {
        const lines = rejection(yamlOf(id, name, value));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`reduce.r.${name}:`);
        expect(lines[0].endsWith(allowed)).toBe(true);
        expect(() => flagConfig(id, name, value)).toThrow(`--param ${name}: `);
        expect(() => flagConfig(id, name, value)).toThrow(allowed);
        expect(() => optionsReduceGives(method, { [name]: value })).toThrow(
          `${id} parameter ${name} = ${JSON.stringify(value)} is not allowed (use ${allowed}`,
        );
      }
    },
  );

  test.each(METHODS.map((m) => [m.id, m] as const))(
    '%s: the YAML fills the declared defaults, and reduce() takes them',
    (id, method) => {
      const parsed = parsePipeline(`reduce:\n  r: { method: ${id} }\n`, 'pipelines/test.yaml');
      const config = parsed.config.reduce.r;
      for (const [name, p] of Object.entries(method.parameters))
        expect(config[name]).toEqual(p.default);
      expect(config.dims).toBe(method.dims.default);
      expect('seed' in config).toBe(method.seeded);
      expect(optionsReduceGives(method, config)).toMatchObject({ dims: method.dims.default });
    },
  );
});
