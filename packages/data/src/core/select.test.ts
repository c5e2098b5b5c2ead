import { Dataset } from '../contracts/dataset';
import { limitPerSplit, stratifiedSplit, stratifiedSubset, takeRows } from './select';

/** Rows interleaved over classes 0..2 and both splits; every pixel of row i equals i % 256. */
function unbalanced(): Dataset {
  const perClass = { 0: [50, 10], 1: [30, 6], 2: [20, 4] } as Record<number, [number, number]>;
  const rows: { split: number; label: number }[] = [];
  while (rows.length < 120) {
    for (const label of [0, 1, 2]) {
      for (const split of [0, 1]) {
        if (perClass[label][split] > 0) {
          perClass[label][split]--;
          rows.push({ split, label });
        }
      }
    }
  }
  const n = rows.length;
  const pixels = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) pixels.fill(i % 256, i * 4, i * 4 + 4);
  return {
    ids: Int32Array.from({ length: n }, (_, i) => 1000 + i),
    splits: Uint8Array.from(rows.map((r) => r.split)),
    labels: Uint8Array.from(rows.map((r) => r.label)),
    pixels,
    rows: 2,
    cols: 2,
    classNames: ['a', 'b', 'c'],
    source: 'test',
  };
}

function counts(ds: Dataset): Record<string, number> {
  const out: Record<string, number> = {};
  ds.labels.forEach((l, i) => {
    const key = `${ds.splits[i]}:${l}`;
    out[key] = (out[key] ?? 0) + 1;
  });
  return out;
}

describe('stratifiedSubset', () => {
  it('keeps every class in proportion within each split', () => {
    const ds = unbalanced();
    expect(counts(stratifiedSubset(ds, 10, 1))).toEqual({
      '0:0': 5,
      '0:1': 3,
      '0:2': 2,
      '1:0': 5,
      '1:1': 3,
      '1:2': 2,
    });
    // 7 of 50/30/20 → quotas 3.5/2.1/1.4: floors 3/2/1, the spare row goes to the largest remainder.
    expect(counts(stratifiedSubset(ds, 7, 1))).toMatchObject({ '0:0': 4, '0:1': 2, '0:2': 1 });
  });

  it('is deterministic by seed, keeps file order, and carries each row with its pixels', () => {
    const ds = unbalanced();
    const a = stratifiedSubset(ds, 10, 42);
    const b = stratifiedSubset(ds, 10, 42);
    const c = stratifiedSubset(ds, 10, 43);
    expect([...a.ids]).toEqual([...b.ids]);
    expect([...a.ids]).not.toEqual([...c.ids]);
    expect([...a.ids]).toEqual([...a.ids].sort((x, y) => x - y));
    a.ids.forEach((id, i) => {
      const row = id - 1000;
      expect([...a.pixels.subarray(i * 4, i * 4 + 4)]).toEqual([row, row, row, row]);
      expect(a.labels[i]).toBe(ds.labels[row]);
    });
  });

  it('keeps a whole split that is smaller than the sample', () => {
    const ds = unbalanced();
    expect(stratifiedSubset(ds, 1000, 0).ids.length).toBe(120);
  });
});

describe('limitPerSplit', () => {
  it('keeps the first rows of each split, in file order', () => {
    const ds = unbalanced();
    const limited = limitPerSplit(ds, 3);
    const firstTrain = [...ds.ids].filter((_, i) => ds.splits[i] === 0).slice(0, 3);
    const firstTest = [...ds.ids].filter((_, i) => ds.splits[i] === 1).slice(0, 3);
    expect([...limited.ids].sort()).toEqual([...firstTrain, ...firstTest].sort());
    expect(limited.pixels.length).toBe(6 * 4);
  });
});

describe('stratifiedSplit', () => {
  it('puts the rounded fraction of every class into test, deterministically by seed', () => {
    const labels = Uint8Array.from([
      ...Array(51).fill(0),
      ...Array(23).fill(1),
      ...Array(7).fill(2),
    ]);
    const a = stratifiedSplit(labels, 0.2, 5);
    const perClass = [0, 1, 2].map((c) => a.filter((s, i) => s === 1 && labels[i] === c).length);
    expect(perClass).toEqual([10, 5, 1]);
    expect([...stratifiedSplit(labels, 0.2, 5)]).toEqual([...a]);
    expect([...stratifiedSplit(labels, 0.2, 6)]).not.toEqual([...a]);
  });
});

describe('takeRows', () => {
  it('reorders every column together', () => {
    const ds = unbalanced();
    const t = takeRows(ds, [5, 0]);
    expect([...t.ids]).toEqual([1005, 1000]);
    expect([...t.pixels]).toEqual([5, 5, 5, 5, 0, 0, 0, 0]);
  });

  it('takes the metadata columns along', () => {
    const ds = unbalanced();
    const n = ds.ids.length;
    const t = takeRows(
      {
        ...ds,
        columns: [
          { name: 'path', kind: 'text', values: Array.from({ length: n }, (_, i) => `p${i}`) },
          { name: 'w', kind: 'number', values: Float64Array.from({ length: n }, (_, i) => i / 2) },
        ],
      },
      [5, 0],
    );
    expect(t.columns?.[0].values).toEqual(['p5', 'p0']);
    expect([...(t.columns?.[1].values ?? [])]).toEqual([2.5, 0]);
  });
});
