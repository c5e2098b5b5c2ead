import { metadataTsv } from './metadataTsv';

/** The projector's reading of a metadata file (vz_projector/data-provider.ts, parseMetadata). */
function parseLikeProjector(text: string): { columns: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  const hasHeader = lines.length > 0 && lines[0].includes('\t');
  const columns = hasHeader ? lines[0].split('\t') : ['label'];
  const rows = (hasHeader ? lines.slice(1) : lines).map((line) => line.split('\t'));
  return { columns, rows };
}

describe('metadataTsv', () => {
  it('writes a single column without a header, one value per line', () => {
    const text = metadataTsv([{ name: 'digit', values: Uint8Array.from([7, 2, 1, 0]) }]);
    expect(text).toBe('7\n2\n1\n0\n');
    expect(parseLikeProjector(text)).toEqual({ columns: ['label'], rows: [['7'], ['2'], ['1'], ['0']] });
  });

  it('writes a header row when there are several columns, NaN as missing, float32 briefly', () => {
    const text = metadataTsv([
      { name: 'label', values: [3, 9] },
      { name: 'split', values: ['test', 'train'] },
      { name: 'error', values: Float32Array.from([0.1, NaN]) },
    ]);
    expect(text).toBe('label\tsplit\terror\n3\ttest\t0.1\n9\ttrain\t\n');
    expect(parseLikeProjector(text)).toEqual({
      columns: ['label', 'split', 'error'],
      rows: [['3', 'test', '0.1'], ['9', 'train', '']],
    });
  });

  it('turns tabs and line breaks inside values and names into spaces', () => {
    const text = metadataTsv([
      { name: 'class\tname', values: ['T-shirt\t/ top', 'two\nlines', 'old\r\nmac\rbreaks'] },
      { name: 'id', values: [0, 1, 2] },
    ]);
    const { columns, rows } = parseLikeProjector(text);
    expect(columns).toEqual(['class name', 'id']);
    expect(rows).toEqual([['T-shirt / top', '0'], ['two lines', '1'], ['old mac breaks', '2']]);
    // A single column holding a tab must not turn its first value into a header.
    expect(parseLikeProjector(metadataTsv([{ name: 'x', values: ['a\tb', 'c'] }])).rows).toHaveLength(2);
  });

  it('keeps empty values in multi-column rows but refuses rows the projector would skip', () => {
    expect(metadataTsv([{ name: 'a', values: [''] }, { name: 'b', values: ['x'] }])).toBe('a\tb\n\tx\n');
    expect(() => metadataTsv([{ name: 'label', values: ['1', ''] }])).toThrow(/row 1 is blank/);
    expect(() => metadataTsv([{ name: 'a', values: [' '] }, { name: 'b', values: [''] }])).toThrow(RangeError);
  });

  it('rejects no columns and columns of different lengths', () => {
    expect(() => metadataTsv([])).toThrow(RangeError);
    expect(() => metadataTsv([{ name: 'a', values: [1] }, { name: 'b', values: [1, 2] }])).toThrow(/"b" has 2/);
  });
});
