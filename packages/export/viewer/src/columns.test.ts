import { MAX_COLORED_VALUES, matchColumn, numberScale, textColoring } from './columns';
import type { Column } from './data';

const text = (values: string[], codes: number[]): Extract<Column, { kind: 'text' }> => ({
  name: 'path',
  kind: 'text',
  values,
  codes: Int32Array.from(codes),
});
const numbers: Extract<Column, { kind: 'number' }> = {
  name: 'size',
  kind: 'number',
  values: Float64Array.from([1, 5, NaN, 10, 3]),
  min: 1,
  max: 10,
};

describe('metadata columns in the viewer', () => {
  it('colours text values by frequency, the rare ones beyond the palette as "other"', () => {
    // 25 values: "b" three times, "a" twice, then 23 seen once each.
    const values = ['a', 'b', ...Array.from({ length: 23 }, (_, i) => `v${i}`)];
    const codes = [0, 1, 1, 0, 1, ...Array.from({ length: 23 }, (_, i) => i + 2)];
    const coloring = textColoring(text(values, codes));
    expect(coloring.shown.slice(0, 3)).toEqual([
      { value: 'b', count: 3 },
      { value: 'a', count: 2 },
      { value: 'v0', count: 1 },
    ]);
    expect(coloring.shown).toHaveLength(MAX_COLORED_VALUES);
    expect([...coloring.category.slice(0, 5)]).toEqual([1, 0, 0, 1, 0]);
    expect(coloring.category[codes.length - 1]).toBe(MAX_COLORED_VALUES);
    expect(coloring.other).toEqual({ count: 5, values: 5 });
  });

  it('scales numbers to [0, 1] over their range, a missing value at the low end', () => {
    expect([...numberScale(numbers)].map((v) => Number(v.toFixed(3)))).toEqual([
      0, 0.444, 0, 1, 0.222,
    ]);
  });

  it('matches text by substring ignoring case, numbers by value, range or comparison', () => {
    const paths = text(['cats/Tom.png', 'dogs/rex.png', 'cats/felix.png'], [0, 1, 2, 0]);
    expect(matchColumn(paths, 'CATS/')).toEqual([0, 2, 3]);
    expect(matchColumn(paths, 'rex')).toEqual([1]);
    expect(matchColumn(numbers, '5')).toEqual([1]);
    expect(matchColumn(numbers, '3..10')).toEqual([1, 3, 4]);
    expect(matchColumn(numbers, '..4')).toEqual([0, 4]);
    expect(matchColumn(numbers, '>=5')).toEqual([1, 3]);
    expect(matchColumn(numbers, '<3')).toEqual([0]);
    expect(matchColumn(numbers, 'big')).toBeNull();
  });
});
