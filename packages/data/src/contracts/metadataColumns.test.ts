import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bool, tableFromArrays, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { readArrowFile, writeArrowFile } from '../io/arrowFile';
import { Dataset, datasetToTable, hasImages, tableToDataset } from './dataset';
import { metadataText, readMetadataColumns } from './metadataColumns';
import { StageMetadata } from './metadata';

const meta: StageMetadata = { stage: 'data', version: '0', config: {}, provenance: { inputs: [] } };

function dataset(extra: Partial<Dataset> = {}): Dataset {
  return {
    ids: Int32Array.from([0, 1, 2]),
    splits: Uint8Array.from([0, 0, 1]),
    labels: Uint8Array.from([0, 1, 1]),
    pixels: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    rows: 2,
    cols: 2,
    classNames: ['a', 'b'],
    source: 'test',
    ...extra,
  };
}

/** Through a real Arrow IPC file, as the next stage reads it. */
function roundTrip(ds: Dataset): { table: Table; back: Dataset } {
  const dir = mkdtempSync(join(tmpdir(), 'll-metacols-'));
  try {
    writeArrowFile(join(dir, 'dataset.arrow'), datasetToTable(ds, meta));
    const table = readArrowFile(join(dir, 'dataset.arrow'));
    return { table, back: tableToDataset(table) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('metadata columns in dataset.arrow', () => {
  it('carry text and numbers after the pixels, and read back as written', () => {
    const columns = [
      { name: 'path', kind: 'text' as const, values: ['a/1.png', 'b/2.png', 'b/3.png'] },
      { name: 'score', kind: 'number' as const, values: Float64Array.from([0.5, NaN, -2]) },
    ];
    const { table, back } = roundTrip(dataset({ columns }));
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      'id',
      'split',
      'label',
      'pixels',
      'path',
      'score',
    ]);
    expect(String(table.schema.fields[4].type)).toBe('Dictionary<Int32, Utf8>');
    expect(String(table.schema.fields[5].type)).toBe('Float64');
    expect(back.columns).toEqual(columns);
    expect(metadataText(back.columns![1], 1)).toBe('');
    expect(metadataText(back.columns![1], 2)).toBe('-2');
  });

  it('are absent from a dataset that has none, which keeps its four columns', () => {
    const { table, back } = roundTrip(dataset());
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'split', 'label', 'pixels']);
    expect(back.columns).toBeUndefined();
  });

  it('may stand without images: no pixels column, no rows/cols', () => {
    const ds = dataset({
      pixels: new Uint8Array(0),
      rows: 0,
      cols: 0,
      columns: [{ name: 'title', kind: 'text', values: ['x', 'y', 'z'] }],
    });
    const { table, back } = roundTrip(ds);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'split', 'label', 'title']);
    expect(table.schema.metadata.has('rows')).toBe(false);
    expect(hasImages(back)).toBe(false);
    expect(back.pixels.length).toBe(0);
    expect(back.columns![0].values).toEqual(['x', 'y', 'z']);
  });

  it('refuse a reserved or repeated name, naming it', () => {
    const text = (name: string) => ({ name, kind: 'text' as const, values: ['', '', ''] });
    expect(() => datasetToTable(dataset({ columns: [text('label')] }), meta)).toThrow(
      /metadata column "label" has the name of a column latentlens writes itself; rename it/,
    );
    expect(() => datasetToTable(dataset({ columns: [text('c'), text('c')] }), meta)).toThrow(
      /metadata column "c" is named twice/,
    );
  });

  it('read any integer or float column as numbers, nulls as NaN, and refuse other types', () => {
    const table = tableFromArrays({ id: Int32Array.from([1, 2]), n: BigInt64Array.from([5n, 7n]) });
    const withNull = new Table({ s: vectorFromArray(['p', null], new Utf8()) });
    expect(readMetadataColumns(table, new Set(['id']), 't.arrow')).toEqual([
      { name: 'n', kind: 'number', values: Float64Array.from([5, 7]) },
    ]);
    expect(readMetadataColumns(withNull, new Set(), 't.arrow')[0].values).toEqual(['p', '']);
    const bools = new Table({ flag: vectorFromArray([true, false], new Bool()) });
    expect(() => readMetadataColumns(bools, new Set(), 't.arrow')).toThrow(
      't.arrow: column "flag" is Bool; metadata columns are text or numbers',
    );
  });
});
