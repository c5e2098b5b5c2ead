import { tensorsTsv } from './tensorsTsv';
import { seededRandom as mulberry32 } from '@latentlens/data';

describe('tensorsTsv', () => {
  it('writes one tab-separated line per point, ending in a newline', () => {
    const text = tensorsTsv(Float32Array.from([0.1, -2, 3.5, 1e-7, 0, 42]), 2, 3);
    expect(text).toBe('0.1\t-2\t3.5\n1e-7\t0\t42\n');
  });

  it('round-trips exactly through a TSV parser like TensorBoard\'s', () => {
    const random = mulberry32(3);
    const n = 200;
    const d = 64;
    const values = Float32Array.from({ length: n * d }, () => (random() - 0.5) * 8);
    const text = tensorsTsv(values, n, d);
    expect(text.endsWith('\n')).toBe(true);
    // TensorBoard: for line in f: line.rstrip("\n"); if line: row = map(float, line.split("\t"))
    const rows = text.split('\n').filter((line) => line !== '').map((line) => line.split('\t').map(Number));
    expect(rows).toHaveLength(n);
    rows.forEach((row) => expect(row).toHaveLength(d));
    expect(Float32Array.from(rows.flat())).toEqual(values);
  });

  it('writes an empty file for no points and rejects bad shapes or non-finite values', () => {
    expect(tensorsTsv(new Float32Array(0), 0, 4)).toBe('');
    expect(() => tensorsTsv(new Float32Array(5), 2, 3)).toThrow(RangeError);
    expect(() => tensorsTsv(Float32Array.from([1, NaN]), 1, 2)).toThrow(/row 0, column 1/);
  });
});
