import { Document, LineCounter, Node, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { Field, Rule, describeRule, rangeText } from './schema';

/** One problem in a YAML file, at a 1-based line and column. */
export interface SchemaIssue {
  line: number;
  col: number;
  message: string;
  fix: string;
}

export function formatIssue(file: string, issue: SchemaIssue): string {
  return `${file}:${issue.line}:${issue.col}: ${issue.message} (${issue.fix})`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = keep;
    }
  }
  return row[b.length];
}

function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const option of options) {
    const d = editDistance(word.toLowerCase(), option.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [option, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

class Checker {
  readonly issues: SchemaIssue[] = [];
  constructor(private readonly lines: LineCounter) {}

  private at(node: Node | null | undefined, fallback: number): { line: number; col: number } {
    const offset = node?.range?.[0] ?? fallback;
    return this.lines.linePos(offset);
  }

  report(node: Node | null | undefined, where: string, message: string, fix: string, fallback = 0) {
    const path = where.replace(/^\./, '') || 'the file';
    this.issues.push({ ...this.at(node, fallback), message: `${path}: ${message}`, fix });
  }

  /**
   * Reports a value of the wrong kind and what to write instead. A missing value has no position
   * of its own, so the report falls back to its key's, `parentOffset`.
   */
  private wrongKind(
    node: Node | null | undefined,
    rule: Rule,
    where: string,
    parentOffset: number,
    fix = `write ${describeRule(rule)}`,
  ) {
    const expected = describeRule(rule);
    this.report(node, where, `expected ${expected}, found ${show(node)}`, fix, parentOffset);
  }

  /** Checks `node` against `rule`; returns the plain value with defaults filled in. */
  check(node: Node | null | undefined, rule: Rule, where: string, parentOffset: number): unknown {
    switch (rule.kind) {
      case 'number': {
        const value = isScalar(node) ? node.value : undefined;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          this.wrongKind(node, rule, where, parentOffset);
          return undefined;
        }
        if (rule.integer && !Number.isInteger(value)) {
          this.report(
            node,
            where,
            `${value} is not a whole number`,
            `write a whole number${rangeText(rule)}`,
          );
        } else if (
          (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) ||
          (rule.max !== undefined && value > rule.max)
        ) {
          this.report(node, where, `${value} is out of range`, `use ${describeRule(rule)}`);
        }
        return value;
      }
      case 'string':
      case 'enum': {
        const value = isScalar(node) ? node.value : undefined;
        if (typeof value !== 'string') {
          this.wrongKind(node, rule, where, parentOffset);
          return undefined;
        }
        if (rule.kind === 'enum' && !rule.values.includes(value)) {
          const guess = closest(value, [...rule.values]);
          this.report(
            node,
            where,
            `unknown value "${value}"`,
            guess
              ? `did you mean "${guess}"? use ${describeRule(rule)}`
              : `use ${describeRule(rule)}`,
          );
        } else if (rule.kind === 'string' && rule.pattern && !rule.pattern.test(value)) {
          this.report(node, where, `"${value}" is not valid`, `use ${describeRule(rule)}`);
        }
        return value;
      }
      case 'boolean': {
        const value = isScalar(node) ? node.value : undefined;
        if (typeof value !== 'boolean') {
          this.wrongKind(node, rule, where, parentOffset);
        }
        return value;
      }
      case 'list': {
        if (!isSeq(node)) {
          this.wrongKind(node, rule, where, parentOffset, 'write a list, e.g. [a, b]');
          return undefined;
        }
        const count = node.items.length;
        if (
          (rule.minItems !== undefined && count < rule.minItems) ||
          (rule.maxItems !== undefined && count > rule.maxItems)
        ) {
          const span =
            rule.maxItems === undefined
              ? `at least ${rule.minItems}`
              : rule.minItems === rule.maxItems
                ? `${rule.minItems}`
                : `${rule.minItems ?? 0} to ${rule.maxItems}`;
          this.report(node, where, `has ${count} items`, `give ${span} items`);
        }
        const start = node.range?.[0] ?? parentOffset;
        return node.items.map((item, i) =>
          this.check(item as Node, rule.of, `${where}[${i}]`, start),
        );
      }
      case 'union': {
        for (const option of rule.options) {
          const probe = new Checker(this.lines);
          const value = probe.check(node, option, where, parentOffset);
          if (probe.issues.length === 0) return value;
        }
        this.wrongKind(node, rule, where, parentOffset);
        return undefined;
      }
      case 'variant': {
        if (!isMap(node)) {
          this.wrongKind(
            node,
            rule,
            where,
            parentOffset,
            `write "${rule.key}: ..." with its settings`,
          );
          return undefined;
        }
        const tag = node.get(rule.key);
        const choices = Object.keys(rule.variants);
        if (typeof tag !== 'string' || !rule.variants[tag]) {
          const keyNode = node.items.find((p) => isScalar(p.key) && p.key.value === rule.key);
          const fix = `set ${rule.key} to one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`;
          if (keyNode)
            this.report(
              keyNode.value as Node,
              `${where}.${rule.key}`,
              `unknown ${rule.key} ${show(keyNode.value as Node)}`,
              fix,
            );
          else this.report(node, where, `missing "${rule.key}"`, fix);
          return undefined;
        }
        return this.check(node, rule.variants[tag], where, parentOffset);
      }
      case 'map': {
        if (!isMap(node)) {
          this.wrongKind(node, rule, where, parentOffset, 'write name: { ... } entries');
          return undefined;
        }
        const out: Record<string, unknown> = {};
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : '';
          if (!rule.keyPattern.test(key)) {
            this.report(pair.key as Node, `${where}`, `"${key}" is not a valid name`, rule.keyHint);
            continue;
          }
          out[key] = this.check(
            pair.value as Node,
            rule.of,
            `${where}.${key}`,
            (pair.key as Node).range?.[0] ?? 0,
          );
        }
        return out;
      }
      case 'object': {
        if (!isMap(node)) {
          this.wrongKind(node, rule, where, parentOffset, 'write key: value lines under it');
          return undefined;
        }
        const out: Record<string, unknown> = {};
        const known = Object.keys(rule.fields);
        const seen = new Set<string>();
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const spec = rule.fields[key];
          if (!spec) {
            const guess = closest(key, known);
            this.report(
              pair.key as Node,
              where,
              `unknown key "${key}"`,
              guess ? `did you mean "${guess}"?` : `remove it; allowed keys: ${known.join(', ')}`,
            );
            continue;
          }
          seen.add(key);
          out[key] = this.check(
            pair.value as Node,
            spec.rule,
            `${where}.${key}`,
            (pair.key as Node).range?.[0] ?? 0,
          );
        }
        for (const [key, spec] of Object.entries(rule.fields)) {
          if (seen.has(key)) continue;
          if (spec.required) {
            this.report(
              node,
              where,
              `missing "${key}"`,
              `add ${key}: <${describeRule(spec.rule)}>`,
            );
          } else if (spec.default !== undefined) {
            out[key] = fieldDefault(spec);
          }
        }
        return out;
      }
    }
  }
}

/** The value of an absent section: its fields' defaults, nested sections included. */
function objectDefaults(rule: Extract<Rule, { kind: 'object' }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(rule.fields)) {
    if (spec.default !== undefined) out[key] = fieldDefault(spec);
  }
  return out;
}

/**
 * The value of an absent field that has a default. A section gets its own fields' defaults, so
 * they are written once; any other field a copy, so that no caller can alter the schema's.
 */
function fieldDefault(spec: Field): unknown {
  return spec.rule.kind === 'object' ? objectDefaults(spec.rule) : structuredClone(spec.default);
}

function show(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    return typeof v === 'string' ? `"${v}"` : String(v);
  }
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  return 'an unexpected value';
}

/** Parses YAML text and checks it against `rule`: the typed value, or every issue found. */
export function validateYaml<T>(
  text: string,
  rule: Rule,
  rootName: string,
): { value?: T; issues: SchemaIssue[]; document: Document } {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const issues: SchemaIssue[] = document.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return {
      ...pos,
      message: `invalid YAML: ${e.message.split('\n')[0]}`,
      fix: 'fix the YAML syntax',
    };
  });
  if (issues.length) return { issues, document };
  const checker = new Checker(lines);
  const value = checker.check(document.contents as Node, rule, rootName, 0) as T;
  return checker.issues.length
    ? { issues: checker.issues, document }
    : { value, issues: [], document };
}
