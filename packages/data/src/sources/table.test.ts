import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Field,
  FixedSizeList,
  Float32,
  Int32,
  List,
  tableFromArrays,
  tableToIPC,
  vectorFromArray,
  Table,
} from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import sharp from 'sharp';
import { hasImages, tableToDataset } from '../contracts/dataset';
import { tableToEmbeddings } from '../contracts/embeddings';
import { readArrowFile } from '../io/arrowFile';
import { RefusedInput } from '../io/refusedInput';
import { DataConfig, runDataStage } from '../stage/dataStage';
import { npyBytes } from '../test-helpers/npyFile';
import { recordingProgress } from '../test-helpers/recordingProgress';
import { scratchFolders } from '../test-helpers/scratchFolders';
import { SOURCE_OPTIONS } from './registry';
import { TABLE_OPTIONS } from './table';

const { root, fresh, put } = scratchFolders('latentlens-table-');

/** A Parquet file of these columns, written by hyparquet-writer (pure JS, as a user's writer would). */
const parquet = (
  name: string,
  columnData: Parameters<typeof parquetWriteBuffer>[0]['columnData'],
) => put(name, new Uint8Array(parquetWriteBuffer({ columnData })));

/** 12 rows of 3-D vectors in two classes, as a user's embeddings might be. */
const N = 12;
const DIM = 3;
const vectorOf = (r: number) => [r * 0.5, Math.sin(r), r % 2 === 0 ? 1 : -1];
const classOf = (r: number) => (r % 2 === 0 ? 'even' : 'odd');

/** An Arrow IPC file with a FixedSizeList vector column, as pyarrow or our encode would write it. */
function arrowFile(): Uint8Array {
  const flat = new Float32Array(N * DIM);
  for (let r = 0; r < N; r++) flat.set(vectorOf(r), r * DIM);
  const emb = vectorFromArray(
    Array.from({ length: N }, (_, r) => Array.from(flat.subarray(r * DIM, (r + 1) * DIM))),
    new FixedSizeList(DIM, new Field('item', new Float32(), false)),
  );
  const rest = tableFromArrays({
    key: Int32Array.from({ length: N }, (_, r) => 100 + r),
    kind: Array.from({ length: N }, (_, r) => classOf(r)),
    score: Float64Array.from({ length: N }, (_, r) => r / 10),
  });
  const table = new Table({
    key: rest.getChild('key')!,
    emb,
    kind: rest.getChild('kind')!,
    score: rest.getChild('score')!,
  });
  return tableToIPC(table, 'file');
}

async function run(config: Partial<DataConfig>, outDir = fresh('out')) {
  const progress = recordingProgress();
  const result = await runDataStage({
    config: { source: 'table', seed: 0, ...config } as DataConfig,
    outDir,
    progress,
  });
  const dataset = tableToDataset(readArrowFile(result.path), result.path);
  const embeddings = tableToEmbeddings(readArrowFile(result.embeddingsPath!));
  return { result, dataset, embeddings, progress, outDir };
}

/** The refusal of a config, and that nothing was written. */
async function refusal(config: Partial<DataConfig>): Promise<string> {
  const outDir = fresh('out');
  const error = await run(config, outDir).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(RefusedInput);
  expect(readdirSync(outDir)).toEqual([]);
  expect(error!.message.split('\n')).toHaveLength(1);
  return error!.message;
}

describe('table source', () => {
  it('declares its options once, shared keys with the images source', () => {
    for (const [key, field] of Object.entries(TABLE_OPTIONS))
      expect(SOURCE_OPTIONS[key as keyof typeof SOURCE_OPTIONS]).toBe(field);
  });

  it('reads an Arrow file: vectors to embeddings.arrow, ids, classes and metadata to dataset.arrow', async () => {
    const path = put('vectors.arrow', arrowFile());
    const { dataset, embeddings, result } = await run({
      path,
      vector: 'emb',
      id: 'key',
      label: 'kind',
      test: 0.5,
    });
    expect(result.dim).toBe(DIM);
    expect(hasImages(dataset)).toBe(false);
    expect(dataset.classNames).toEqual(['even', 'odd']);
    expect(Array.from(dataset.ids)).toEqual(Array.from({ length: N }, (_, r) => 100 + r));
    expect(dataset.columns).toEqual([
      { name: 'score', kind: 'number', values: Float64Array.from({ length: N }, (_, r) => r / 10) },
    ]);
    // Stratified split: half of each class held out.
    expect(dataset.splits.filter((s, i) => s === 1 && dataset.labels[i] === 0)).toHaveLength(3);
    expect(embeddings.dim).toBe(DIM);
    expect(embeddings.reconstructionError).toBeUndefined();
    expect(Array.from(embeddings.ids)).toEqual(Array.from(dataset.ids));
    expect(Array.from(embeddings.splits)).toEqual(Array.from(dataset.splits));
    expect(Array.from(embeddings.values.subarray(5 * DIM, 6 * DIM))).toEqual(
      Array.from(Float32Array.from(vectorOf(5))),
    );
  });

  it('writes the same bytes twice (determinism)', async () => {
    const path = put('vectors.arrow', arrowFile());
    const a = await run({ path, label: 'kind' });
    const b = await run({ path, label: 'kind' });
    for (const f of ['dataset.arrow', 'embeddings.arrow'])
      expect(readFileSync(join(a.outDir, f)).equals(readFileSync(join(b.outDir, f)))).toBe(true);
  });

  it('reads Parquet (written by hyparquet-writer) with numeric columns chosen by prefix', async () => {
    const path = parquet('vectors.parquet', [
      ...Array.from({ length: DIM }, (_, j) => ({
        name: `x${j}`,
        data: Float64Array.from({ length: N }, (_, r) => vectorOf(r)[j]),
      })),
      { name: 'species', data: Array.from({ length: N }, (_, r) => classOf(r)) },
      { name: 'note', data: Array.from({ length: N }, (_, r) => `row ${r}`) },
    ]);
    const { dataset, embeddings } = await run({ path, vector: 'x*', label: 'species' });
    expect(embeddings.dim).toBe(DIM);
    expect(Array.from(embeddings.values.subarray(3 * DIM, 4 * DIM))).toEqual(
      Array.from(Float32Array.from(vectorOf(3))),
    );
    expect(dataset.columns?.map((c) => [c.name, c.kind])).toEqual([['note', 'text']]);
    expect(dataset.classNames).toEqual(['even', 'odd']);
  });

  it('reads a Parquet list column (the vectors of a sentence model)', async () => {
    const path = parquet('lists.parquet', [
      { name: 'embedding', data: Array.from({ length: N }, (_, r) => vectorOf(r)) },
      { name: 'label', data: Int32Array.from({ length: N }, (_, r) => r % 3) },
    ]);
    const { dataset, embeddings } = await run({ path });
    expect(embeddings.dim).toBe(DIM);
    expect(dataset.classNames).toEqual(['0', '1', '2']);
  });

  it('reads CSV: numeric columns by name and a label column', async () => {
    const lines = ['id,a,b,c,colour'];
    for (let r = 0; r < N; r++) lines.push(`${r * 7},${vectorOf(r).join(',')},${classOf(r)}`);
    const path = put('vectors.csv', lines.join('\n') + '\n');
    const { dataset, embeddings } = await run({ path, vector: ['a', 'b', 'c'], label: 'colour' });
    expect(Array.from(dataset.ids)).toEqual(Array.from({ length: N }, (_, r) => r * 7));
    expect(embeddings.values[2 * DIM + 1]).toBeCloseTo(Math.sin(2), 6);
    expect(dataset.columns).toBeUndefined();
  });

  it('reads CSV vectors written in one cell, as pandas writes lists', async () => {
    const lines = ['vec,name'];
    for (let r = 0; r < N; r++) lines.push(`"[${vectorOf(r).join(', ')}]",n${r}`);
    const path = put('cells.csv', lines.join('\n'));
    const { dataset, embeddings } = await run({ path, metadata: ['name'] });
    expect(embeddings.dim).toBe(DIM);
    expect(dataset.columns?.[0]).toMatchObject({ name: 'name', kind: 'text' });
  });

  it('reads .npy vectors (C and Fortran order) with labels from a second .npy', async () => {
    const flat = new Float32Array(N * DIM);
    for (let r = 0; r < N; r++) flat.set(vectorOf(r), r * DIM);
    const fortran = new Float32Array(N * DIM);
    for (let r = 0; r < N; r++)
      for (let j = 0; j < DIM; j++) fortran[j * N + r] = flat[r * DIM + j];
    const labels = put(
      'labels.npy',
      npyBytes(
        Int32Array.from({ length: N }, (_, r) => r % 2),
        [N],
      ),
    );
    const c = await run({ path: put('v.npy', npyBytes(flat, [N, DIM])), labels });
    const f = await run({
      path: put('v.npy', npyBytes(fortran, [N, DIM], { fortranOrder: true })),
      labels,
    });
    expect(Array.from(c.embeddings.values)).toEqual(Array.from(flat));
    expect(Array.from(f.embeddings.values)).toEqual(Array.from(flat));
    expect(c.dataset.classNames).toEqual(['0', '1']);
    expect(Array.from(c.dataset.labels.subarray(0, 4))).toEqual([0, 1, 0, 1]);
  });

  it('reads .npy labels from a CSV with a header', async () => {
    const flat = new Float64Array(N * DIM).map((_, i) => i / 7);
    const labels = put(
      'labels.csv',
      ['animal', ...Array.from({ length: N }, (_, r) => classOf(r))].join('\n'),
    );
    const { dataset } = await run({ path: put('v.npy', npyBytes(flat, [N, DIM])), labels });
    expect(dataset.classNames).toEqual(['even', 'odd']);
  });

  it('loads thumbnails from an image column, paths relative to the table', async () => {
    const dir = fresh('with-images');
    mkdirSync(join(dir, 'img'));
    const lines = ['file,x,y,kind'];
    for (let r = 0; r < 4; r++) {
      await sharp({
        create: { width: 10, height: 6, channels: 3, background: { r: 60 * r, g: 0, b: 255 } },
      })
        .png()
        .toFile(join(dir, 'img', `${r}.png`));
      lines.push(`img/${r}.png,${r},${r * r},${classOf(r)}`);
    }
    writeFileSync(join(dir, 't.csv'), lines.join('\n'));
    const { dataset } = await run({
      path: join(dir, 't.csv'),
      vector: ['x', 'y'],
      label: 'kind',
      image: 'file',
      size: 8,
      channels: 3,
    });
    expect(hasImages(dataset)).toBe(true);
    expect([dataset.rows, dataset.cols, dataset.channels]).toEqual([8, 8, 3]);
    expect(dataset.pixels.length).toBe(4 * 8 * 8 * 3);
    // Row 3's image is red 180, blue 255 in its middle.
    const mid = 3 * 192 + (4 * 8 + 4) * 3;
    expect(Array.from(dataset.pixels.subarray(mid, mid + 3))).toEqual([180, 0, 255]);
  });

  it('skips and lists rows with non-finite vectors when onError: skip', async () => {
    const lines = ['a,b'];
    for (let r = 0; r < N; r++) lines.push(r === 4 ? 'NA,1' : r === 7 ? `2,inf` : `${r},${r * 2}`);
    const { dataset, embeddings, progress } = await run({
      path: put('t.csv', lines.join('\n')),
      vector: ['a', 'b'],
      onError: 'skip',
    });
    expect(dataset.ids.length).toBe(N - 2);
    expect(Array.from(dataset.ids)).not.toContain(4);
    expect(embeddings.ids.length).toBe(N - 2);
    expect(progress.logs.join('\n')).toMatch(/2 row\(s\).*row 5.*row 8/);
  });

  it('standardizes each dimension when asked, and refuses a constant one', async () => {
    const lines = ['mm,g', '1,1000', '2,3000', '3,2000', '4,6000'];
    const { embeddings } = await run({
      path: put('s.csv', lines.join('\n')),
      vector: ['mm', 'g'],
      standardize: true,
    });
    const column = (j: number) => Array.from({ length: 4 }, (_, r) => embeddings.values[r * 2 + j]);
    for (const j of [0, 1]) {
      const v = column(j);
      expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
      expect(v.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 5);
    }
    expect(column(0)[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 5);
    expect(
      await refusal({
        path: put('c.csv', 'a,b\n1,5\n2,5\n'),
        vector: ['a', 'b'],
        standardize: true,
      }),
    ).toMatch(/dimension 2 of the vectors is the same on every row/);
  });

  it('keeps vectors with their rows through sample and limit', async () => {
    const path = put('vectors.arrow', arrowFile());
    const { dataset, embeddings } = await run({ path, id: 'key', label: 'kind', limit: 2 });
    expect(dataset.ids.length).toBe(4);
    dataset.ids.forEach((id, i) =>
      expect(embeddings.values[i * DIM]).toBeCloseTo((id - 100) * 0.5, 6),
    );
    expect(dataset.columns?.[0].values.length).toBe(4);
  });
});

describe('table source refuses bad input in one line, writing nothing', () => {
  const csv = (lines: string[]) => put('t.csv', lines.join('\n') + '\n');
  const good = ['id,a,b,kind', '1,0.5,1,x', '2,0.25,2,y', '3,1,3,x', '4,2,4,y'];

  it('a missing column', async () => {
    expect(await refusal({ path: csv(good), vector: ['a', 'zz'] })).toMatch(
      /t\.csv: no column "zz" \(vector: names it; the columns are id, a, b, kind\)/,
    );
    expect(await refusal({ path: csv(good), vector: 'a', label: 'klass' })).toMatch(
      /no column "klass"/,
    );
  });

  it('a mistyped column, naming the row', async () => {
    const bad = [...good.slice(0, 3), '3,oops,3,x', good[4]];
    expect(await refusal({ path: csv(bad), vector: ['a', 'b'] })).toMatch(
      /t\.csv: row 3, column "a": "oops" is not a number/,
    );
    expect(await refusal({ path: csv(good), vector: ['a'], label: 'a' })).toMatch(
      /column "a" holds fractional numbers; label: must name a column of text or whole numbers/,
    );
  });

  it('ragged CSV rows', async () => {
    expect(
      await refusal({ path: csv([...good.slice(0, 3), '3,1,3', good[4]]), vector: ['a', 'b'] }),
    ).toMatch(/t\.csv:4: this row has a different number of fields than the header/);
  });

  it('NaN and Inf in vectors', async () => {
    expect(
      await refusal({ path: csv([...good.slice(0, 2), '2,NaN,2,y']), vector: ['a', 'b'] }),
    ).toMatch(
      /row 2, column "a": missing \(NaN\); vectors must be finite numbers: fix the row, or set onError: skip/,
    );
    expect(
      await refusal({ path: csv([...good.slice(0, 2), '2,1,-Infinity,y']), vector: ['a', 'b'] }),
    ).toMatch(/row 2, column "b": -Infinity/);
  });

  it('vectors of different lengths', async () => {
    const table = new Table({
      v: vectorFromArray(
        [
          [1, 2],
          [3, 4],
          [5, 6, 7],
        ],
        new List(new Field('item', new Float32(), true)),
      ),
    });
    expect(await refusal({ path: put('t.arrow', tableToIPC(table, 'file')) })).toMatch(
      /t\.arrow: row 3, column "v": a vector of 3 values, row 1's has 2; every vector must have the same length/,
    );
  });

  it('duplicate ids', async () => {
    expect(
      await refusal({ path: csv([...good.slice(0, 3), '1,1,3,x']), vector: ['a', 'b'] }),
    ).toMatch(/t\.csv: row 3, column "id": id 1 again \(first on row 1\); ids must be unique/);
  });

  it('an empty table', async () => {
    expect(await refusal({ path: csv(['id,a,b']), vector: 'a' })).toMatch(
      /t\.csv: the table has no rows/,
    );
    const empty = new Table({
      v: vectorFromArray([], new List(new Field('item', new Float32(), true))),
    });
    expect(await refusal({ path: put('e.arrow', tableToIPC(empty, 'file')) })).toMatch(/no rows/);
  });

  it('a file that is not the format its extension says', async () => {
    expect(await refusal({ path: put('x.parquet', good.join('\n')) })).toMatch(
      /x\.parquet: not a Parquet file \(it does not start and end with PAR1\); check the file, or set format:/,
    );
    expect(await refusal({ path: put('x.arrow', good.join('\n')) })).toMatch(/not an Arrow IPC/);
    expect(await refusal({ path: put('x.npy', good.join('\n')) })).toMatch(
      /not a NumPy \.npy file/,
    );
    expect(
      await refusal({
        path: put('x.csv', tableToIPC(new Table({ v: vectorFromArray([1], new Int32()) }), 'file')),
      }),
    ).toMatch(/x\.csv: not a CSV file \(it holds NUL bytes/);
    expect(await refusal({ path: put('x.bin', 'a') })).toMatch(
      /the extension does not say the format/,
    );
  });

  it('no vector column named where the table has none or several', async () => {
    expect(await refusal({ path: csv(good) })).toMatch(
      /no list column; name the vectors with vector:/,
    );
  });

  it('a missing file', async () => {
    expect(await refusal({ path: join(root(), 'nope.csv') })).toMatch(
      /nope\.csv: cannot read it \(ENOENT\); fix path:/,
    );
  });

  it('labels of another length than the vectors', async () => {
    const v = put('v.npy', npyBytes(new Float32Array(6), [3, 2]));
    const l = put('l.npy', npyBytes(new Int32Array(2), [2]));
    expect(await refusal({ path: v, labels: l })).toMatch(
      /l\.npy: 2 labels for the 3 rows of .*v\.npy; give one label per row/,
    );
  });
});
