import {
  Document,
  LineCounter,
  Node,
  Pair,
  YAMLMap,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
} from 'yaml';
import { printable } from '../terminal/printable';
import { Field, Rule, acceptsValue, describeRule, rangeText } from '@latentlens/data';

/** One problem in a YAML file, at a 1-based line and column. */
export interface SchemaIssue {
  line: number;
  col: number;
  /**
   * Where in the value: `train.epochs`, `reduce.tsne.perplexity`, '' for the whole; none for a
   * YAML syntax error.
   */
  path?: string;
  /** What is wrong there: `0 is out of range`. */
  message: string;
  fix: string;
}

/** One line, whatever the file holds: control characters in names and values are escaped. */
export function formatIssue(file: string, issue: SchemaIssue): string {
  const where = issue.path === undefined ? '' : `${issue.path || 'the file'}: `;
  return printable(`${file}:${issue.line}:${issue.col}: ${where}${issue.message} (${issue.fix})`);
}

/**
 * `record[key]` only when `record` has `key` itself: a name from the file such as `constructor`
 * or `__proto__` must not reach the prototype's members.
 */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The text of a key as written (a scalar's value, or the node's source for anything else). */
function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/**
 * The pairs of a mapping with YAML merge keys (`<<: *base`, `<<: [*a, *b]`) expanded: a merged
 * mapping's pairs come first, so the mapping's own keys win, as in every YAML loader that
 * merges. Each key appears once; a repeated key of the mapping itself is returned in
 * `duplicates`, a merge of anything but mappings in `badMerges`. Linear in the number of keys (the parser's own duplicate check is quadratic).
 */
function mapPairs(
  node: YAMLMap,
  resolve: (n: Node | null | undefined) => Node | null | undefined,
): { pairs: Pair[]; duplicates: Pair[]; badMerges: Pair[] } {
  const own = new Map<string, Pair>();
  const duplicates: Pair[] = [];
  const badMerges: Pair[] = [];
  const merged = new Map<string, Pair>();
  for (const pair of node.items) {
    const key = keyText(pair);
    if (key === '<<' && isMergeKey(pair)) {
      const value = resolve(pair.value as Node);
      const sources = isSeq(value) ? value.items.map((i) => resolve(i as Node)) : [value];
      for (const source of sources) {
        if (!isMap(source)) {
          badMerges.push(pair);
          continue;
        }
        for (const inner of mapPairs(source, resolve).pairs) {
          if (!merged.has(keyText(inner))) merged.set(keyText(inner), inner);
        }
      }
      continue;
    }
    if (own.has(key)) duplicates.push(pair);
    else own.set(key, pair);
  }
  for (const key of own.keys()) merged.delete(key);
  return { pairs: [...merged.values(), ...own.values()], duplicates, badMerges };
}

/** `<<` as a plain (unquoted) key, which YAML's merge convention gives its meaning. */
function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && pair.key.type === 'PLAIN';
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
  constructor(
    private readonly lines: LineCounter,
    private readonly document: Document,
  ) {}

  /** The node an alias (`*name`) stands for; any other node as it is. */
  private readonly resolve = (node: Node | null | undefined): Node | null | undefined =>
    isAlias(node) ? (node.resolve(this.document) as Node | undefined) : node;

  /** The pairs of a mapping, merges expanded, after reporting repeated keys and bad merges. */
  private pairsOf(node: YAMLMap, where: string): Pair[] {
    const { pairs, duplicates, badMerges } = mapPairs(node, this.resolve);
    for (const pair of duplicates)
      this.report(
        pair.key as Node,
        where,
        `"${keyText(pair)}" is given twice`,
        'keep one of the two, or rename one',
      );
    for (const pair of badMerges)
      this.report(
        pair.value as Node,
        where,
        '"<<" merges mappings only',
        'write <<: *name (or a list of such) where &name marks a mapping',
      );
    return pairs;
  }

  private at(node: Node | null | undefined, fallback: number): { line: number; col: number } {
    const offset = node?.range?.[0] ?? fallback;
    return this.lines.linePos(offset);
  }

  report(node: Node | null | undefined, where: string, message: string, fix: string, fallback = 0) {
    const path = where.replace(/^\./, '');
    this.issues.push({
      ...this.at(node, fallback),
      path,
      message,
      fix,
    });
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
  check(
    written: Node | null | undefined,
    rule: Rule,
    where: string,
    parentOffset: number,
  ): unknown {
    const node = this.resolve(written);
    switch (rule.kind) {
      case 'number': {
        const value = isScalar(node) ? node.value : undefined;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          this.wrongKind(node, rule, where, parentOffset);
          return undefined;
        }
        if (acceptsValue(rule, value)) return value;
        // As written: 1e-400 reads as 0 and 1e400 as Infinity, which the user did not write.
        const text = isScalar(node) && node.source !== undefined ? node.source : String(value);
        const rounded = value === 0 && /[1-9]/.test(text.replace(/e.*$/i, ''));
        if (rule.integer && !Number.isInteger(value)) {
          this.report(
            node,
            where,
            `${text} is not a whole number`,
            `write a whole number${rangeText(rule)}`,
          );
        } else {
          const what = rounded
            ? `${text} is too small to represent (it reads as 0)`
            : `${text} is out of range`;
          this.report(node, where, what, `use ${describeRule(rule)}`);
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
        if (acceptsValue(rule, value)) return value;
        if (rule.kind === 'enum') {
          const guess = closest(value, [...rule.values]);
          this.report(
            node,
            where,
            `unknown value "${value}"`,
            guess
              ? `did you mean "${guess}"? use ${describeRule(rule)}`
              : `use ${describeRule(rule)}`,
          );
        } else {
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
          const probe = new Checker(this.lines, this.document);
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
        const keyNode = mapPairs(node, this.resolve).pairs.find((p) => keyText(p) === rule.key);
        const tagNode = this.resolve(keyNode?.value as Node | undefined);
        const tag = isScalar(tagNode) ? tagNode.value : undefined;
        const variant = typeof tag === 'string' ? own(rule.variants, tag) : undefined;
        if (!variant) {
          const choices = Object.keys(rule.variants);
          const fix = `set ${rule.key} to one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`;
          if (keyNode)
            this.report(
              keyNode.value as Node,
              `${where}.${rule.key}`,
              `unknown ${rule.key} ${show(tagNode)}`,
              fix,
            );
          else this.report(node, where, `missing "${rule.key}"`, fix);
          return undefined;
        }
        return this.check(node, variant, where, parentOffset);
      }
      case 'map': {
        if (!isMap(node)) {
          this.wrongKind(node, rule, where, parentOffset, 'write name: { ... } entries');
          return undefined;
        }
        // No prototype: a user's name such as "constructor" is a plain key like any other.
        const out: Record<string, unknown> = Object.create(null);
        for (const pair of this.pairsOf(node, where)) {
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
        for (const pair of this.pairsOf(node, where)) {
          const key = keyText(pair);
          const spec = own(rule.fields, key);
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
  rule: Rule<T>,
  rootName: string,
): { value?: T; issues: SchemaIssue[]; document: Document } {
  const lines = new LineCounter();
  // Repeated keys are found by the checker (mapPairs): the parser's own check is quadratic.
  const document = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
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
  const checker = new Checker(lines, document);
  const value = checker.check(document.contents as Node, rule, rootName, 0) as T;
  return checker.issues.length
    ? { issues: checker.issues, document }
    : { value, issues: [], document };
}

/**
 * Checks a plain value (built from command-line flags, say) against `rule` with the very checks
 * the YAML gets: the same ranges, kinds and messages, without positions. Absent (undefined)
 * entries are left out first, as a flag that was not given. Returns the issues.
 */
export function checkValue<T>(value: unknown, rule: Rule<T>): { value?: T; issues: SchemaIssue[] } {
  const document = new Document(withoutUndefined(value));
  const checker = new Checker(new LineCounter(), document);
  const checked = checker.check(document.contents as Node, rule, '', 0) as T;
  return checker.issues.length ? { issues: checker.issues } : { value: checked, issues: [] };
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}
