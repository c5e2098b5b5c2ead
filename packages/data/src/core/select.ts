import { Dataset, valuesPerImage } from '../contracts/dataset';
import { seededRandom, shuffleInPlace } from './random';

/** The rows `order` of a dataset, in that order, as a new dataset. */
export function takeRows(ds: Dataset, order: ArrayLike<number>): Dataset {
  const size = valuesPerImage(ds);
  const n = order.length;
  const out: Dataset = {
    ...ds,
    ids: new Int32Array(n),
    splits: new Uint8Array(n),
    labels: new Uint8Array(n),
    pixels: new Uint8Array(n * size),
  };
  for (let i = 0; i < n; i++) {
    const r = order[i];
    out.ids[i] = ds.ids[r];
    out.splits[i] = ds.splits[r];
    out.labels[i] = ds.labels[r];
    out.pixels.set(ds.pixels.subarray(r * size, (r + 1) * size), i * size);
  }
  // Metadata columns follow their rows (a stage writing the subset checks their lengths).
  if (ds.columns)
    out.columns = ds.columns.map((c) =>
      c.kind === 'text'
        ? { ...c, values: Array.from(order, (r) => c.values[r]) }
        : { ...c, values: Float64Array.from(order, (r) => c.values[r]) },
    );
  return out;
}

/**
 * Row indices grouped by (split, label), each group shuffled by `seed`. Drawing from the front of
 * every group keeps any subset stratified and deterministic.
 */
function shuffledGroups(ds: Dataset, seed: number): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < ds.ids.length; i++) {
    const key = `${ds.splits[i]}:${ds.labels[i]}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const random = seededRandom(seed);
  for (const key of [...groups.keys()].sort()) shuffleInPlace(groups.get(key)!, random);
  return groups;
}

/**
 * Keeps at most `perSplit` rows of each split, drawn per class in proportion to its share
 * (largest remainders), deterministic by `seed`. Rows keep their original order.
 */
export function stratifiedSubset(ds: Dataset, perSplit: number, seed: number): Dataset {
  const groups = shuffledGroups(ds, seed);
  const keep: number[] = [];
  for (const split of new Set(ds.splits)) {
    const keys = [...groups.keys()].filter((k) => k.startsWith(`${split}:`)).sort();
    const total = keys.reduce((s, k) => s + groups.get(k)!.length, 0);
    const want = Math.min(perSplit, total);
    const quotas = keys.map((k) => (groups.get(k)!.length * want) / total);
    const counts = quotas.map(Math.floor);
    let left = want - counts.reduce((a, b) => a + b, 0);
    const byRemainder = quotas
      .map((q, i) => ({ i, r: q - Math.floor(q) }))
      .sort((a, b) => b.r - a.r || a.i - b.i);
    for (const { i } of byRemainder) {
      if (left-- <= 0) break;
      counts[i]++;
    }
    keys.forEach((k, i) => keep.push(...groups.get(k)!.slice(0, counts[i])));
  }
  return takeRows(
    ds,
    keep.sort((a, b) => a - b),
  );
}

/** The first `perSplit` rows of each split, in file order. */
export function limitPerSplit(ds: Dataset, perSplit: number): Dataset {
  const seen = new Map<number, number>();
  const keep: number[] = [];
  for (let i = 0; i < ds.ids.length; i++) {
    const c = seen.get(ds.splits[i]) ?? 0;
    if (c < perSplit) keep.push(i);
    seen.set(ds.splits[i], c + 1);
  }
  return takeRows(ds, keep);
}

/**
 * Assigns each row of a single pool to train or test, `testFraction` of every class to test,
 * deterministic by `seed`.
 */
export function stratifiedSplit(
  labels: Uint8Array,
  testFraction: number,
  seed: number,
): Uint8Array {
  const byLabel = new Map<number, number[]>();
  labels.forEach((label, i) => {
    let g = byLabel.get(label);
    if (!g) byLabel.set(label, (g = []));
    g.push(i);
  });
  const splits = new Uint8Array(labels.length);
  const random = seededRandom(seed);
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const rows = shuffleInPlace(byLabel.get(label)!, random);
    const testCount = Math.round(rows.length * testFraction);
    for (let t = 0; t < testCount; t++) splits[rows[t]] = 1;
  }
  return splits;
}
