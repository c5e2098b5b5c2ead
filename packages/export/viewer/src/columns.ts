import type { Column } from './data';

/**
 * Text values given a colour of their own, most frequent first; the rest share OTHER_COLOR. A
 * legend of hundreds of swatches (a path column has one value per image) tells nothing, and
 * distinct hues run out long before.
 */
export const MAX_COLORED_VALUES = 20;
export const OTHER_COLOR = '#5a5f6b';

export interface TextColoring {
  /** Per point: its value's rank by count, or MAX_COLORED_VALUES for every other value. */
  category: Uint8Array;
  /** The coloured values, most frequent first, with their counts. */
  shown: { value: string; count: number }[];
  /** Points and distinct values under "other". */
  other: { count: number; values: number };
}

export function textColoring(column: Extract<Column, { kind: 'text' }>): TextColoring {
  const counts = new Array<number>(column.values.length).fill(0);
  for (const code of column.codes) counts[code]++;
  // Ties broken by first appearance, so the colours do not depend on the sort's stability.
  const order = counts.map((_, code) => code).sort((a, b) => counts[b] - counts[a] || a - b);
  const rank = new Array<number>(counts.length);
  order.forEach((code, r) => (rank[code] = Math.min(r, MAX_COLORED_VALUES)));
  const category = Uint8Array.from(column.codes, (code) => rank[code]);
  const shown = order
    .slice(0, MAX_COLORED_VALUES)
    .map((code) => ({ value: column.values[code], count: counts[code] }));
  const rest = order.slice(MAX_COLORED_VALUES);
  return {
    category,
    shown,
    other: { count: rest.reduce((sum, code) => sum + counts[code], 0), values: rest.length },
  };
}

/** Numbers scaled linearly to [0, 1] over the column's finite range; a missing value (NaN) is 0. */
export function numberScale(column: Extract<Column, { kind: 'number' }>): Float32Array {
  const span = column.max - column.min;
  return Float32Array.from(column.values, (v) =>
    Number.isFinite(v) ? (span > 0 ? (v - column.min) / span : 0.5) : 0,
  );
}

/**
 * The points whose value matches `query`: text containing it (ignoring case); for numbers, equal
 * to it, or within `a..b` (either end may be left out), or compared with `<`, `<=`, `>`, `>=`.
 * Returns null when a number query is not a number.
 */
export function matchColumn(column: Column, query: string): number[] | null {
  const q = query.trim();
  const out: number[] = [];
  if (column.kind === 'text') {
    const wanted = q.toLowerCase();
    const hits = column.values.map((v) => v.toLowerCase().includes(wanted));
    column.codes.forEach((code, i) => hits[code] && out.push(i));
    return out;
  }
  const test = numberTest(q);
  if (!test) return null;
  column.values.forEach((v, i) => Number.isFinite(v) && test(v) && out.push(i));
  return out;
}

function numberTest(q: string): ((v: number) => boolean) | null {
  const num = (text: string) => (text.trim() === '' ? NaN : Number(text));
  const range = q.match(/^(.*)\.\.(.*)$/);
  if (range) {
    const [lo, hi] = [range[1].trim(), range[2].trim()];
    const [a, b] = [lo === '' ? -Infinity : num(lo), hi === '' ? Infinity : num(hi)];
    return Number.isNaN(a) || Number.isNaN(b) ? null : (v) => v >= a && v <= b;
  }
  const compare = q.match(/^(<=|>=|<|>)(.*)$/);
  if (compare) {
    const x = num(compare[2]);
    if (Number.isNaN(x)) return null;
    const op = compare[1];
    return (v) => (op === '<' ? v < x : op === '<=' ? v <= x : op === '>' ? v > x : v >= x);
  }
  const x = num(q);
  return Number.isNaN(x) ? null : (v) => v === x;
}
