import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { datasetMetadata, tableToDataset } from '../contracts/dataset';
import { METADATA_KEYS } from '../contracts/metadata';
import { encodeIdx } from '../core/idx';
import { readArrowFile } from '../io/arrowFile';
import { concatenated, makeImageSet, writeIdxFolder } from '../test-helpers/idxFixtures';
import { RefusedInput } from '../io/refusedInput';
import { runDataStage } from './dataStage';

describe('idx → dataset.arrow', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-idx-arrow-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [28, 28, true],
    [5, 7, false],
  ])(
    'round-trips %i×%i images (gzipped: %s) byte for byte, in the DESIGN §2 layout',
    async (rows, cols, gzip) => {
      const set = makeImageSet({ train: 40, test: 15, rows, cols, seed: rows * cols });
      const idxDir = join(dir, `idx-${rows}x${cols}`);
      const paths = writeIdxFolder(idxDir, set, gzip);
      const outDir = join(dir, `out-${rows}x${cols}`);
      const result = await runDataStage({ config: { source: 'idx', dir: idxDir }, outDir });
      expect(result.perSplit).toEqual({ train: 40, test: 15 });
      expect(readdirSync(outDir)).toEqual(['dataset.arrow']);

      const table = readArrowFile(result.path);
      expect(table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
        'id: Int32',
        'split: Dictionary<Int8, Utf8>',
        'label: Uint8',
        `pixels: FixedSizeList[${rows * cols}]<Uint8>`,
      ]);
      expect(table.getChild('split')?.toArray().slice(38, 42)).toEqual([
        'train',
        'train',
        'test',
        'test',
      ]);
      const md = table.schema.metadata;
      expect(md.get('rows')).toBe(String(rows));
      expect(md.get('cols')).toBe(String(cols));
      expect(JSON.parse(md.get('classNames')!)).toEqual([
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
      ]);
      expect(md.get('source')).toBe('idx');
      expect(md.get(METADATA_KEYS.stage)).toBe('data');

      const ds = tableToDataset(table);
      const expected = concatenated(set);
      expect(Buffer.from(ds.pixels)).toEqual(expected.pixels);
      expect(Buffer.from(ds.labels)).toEqual(expected.labels);
      expect([...ds.ids]).toEqual([...Array(55).keys()]);
      expect([ds.rows, ds.cols]).toEqual([rows, cols]);

      const provenance = datasetMetadata(table).provenance;
      expect(provenance.source).toBe('idx');
      expect(provenance.classNames).toHaveLength(10);
      expect(provenance.inputs).toEqual(
        [paths.trainImages, paths.trainLabels, paths.testImages, paths.testLabels].map((path) => ({
          path,
          sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
        })),
      );
    },
  );

  it('takes explicit files and class names', async () => {
    const set = makeImageSet({ train: 6, test: 3, rows: 2, cols: 3, classes: 3 });
    const paths = writeIdxFolder(join(dir, 'explicit'), set, false);
    const config = { source: 'idx' as const, files: paths, classNames: ['cat', 'dog', 'fox'] };
    const result = await runDataStage({ config, outDir: join(dir, 'explicit-out') });
    const ds = tableToDataset(readArrowFile(result.path));
    expect(ds.classNames).toEqual(['cat', 'dog', 'fox']);
    expect(Buffer.from(ds.pixels)).toEqual(concatenated(set).pixels);
  });
});

describe('malformed idx input', () => {
  let dir: string;
  let outDir: string;
  const previous = Buffer.from('the previous dataset.arrow');
  const set = makeImageSet({ train: 12, test: 6, rows: 4, cols: 4 });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-idx-bad-'));
    outDir = join(dir, 'out');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const raw = (shape: number[], data: Uint8Array) => encodeIdx({ shape, data });
  const cases: [string, string, (good: Uint8Array) => Uint8Array, RegExp][] = [
    [
      'wrong magic',
      'train-images-idx3-ubyte',
      (b) => Uint8Array.from([1, 2, ...b.subarray(2)]),
      /wrong magic number 01 02 08 03/,
    ],
    [
      'element type',
      'train-labels-idx1-ubyte',
      (b) => Uint8Array.from([0, 0, 0x0c, ...b.subarray(3)]),
      /element type int \(0xc\) is not supported/,
    ],
    [
      'labels given as images',
      't10k-labels-idx1-ubyte',
      () => raw([6, 4, 4], set.test.images),
      /labels must have 1 dimension, found 3/,
    ],
    [
      'size against file length',
      't10k-images-idx3-ubyte',
      (b) => b.subarray(0, b.length - 5),
      /header shape \[6, 4, 4\] needs 96 data bytes but the file has 91 \(truncated download\?\)/,
    ],
    [
      'label count ≠ image count',
      'train-labels-idx1-ubyte',
      () => raw([11], set.train.labels.subarray(0, 11)),
      /11 labels but .*train-images-idx3-ubyte has 12 images/,
    ],
    [
      'different image sizes',
      't10k-images-idx3-ubyte',
      () => raw([6, 2, 8], set.test.images),
      /images are 2×8 but .*train-images-idx3-ubyte has 4×4/,
    ],
  ];

  it.each(cases)(
    '%s: one line naming the file; dataset.arrow is left as it was',
    async (_what, culprit, spoil, problem) => {
      const idxDir = mkdtempSync(join(dir, 'case-'));
      const paths = writeIdxFolder(idxDir, set, false);
      const path = Object.values(paths).find((p) => p.endsWith(culprit))!;
      writeFileSync(path, spoil(readFileSync(path)));
      await checkFailure(idxDir, path, problem);
    },
  );

  it('truncated gzip: one line naming the file; dataset.arrow is left as it was', async () => {
    const idxDir = join(dir, 'truncated-gzip');
    const paths = writeIdxFolder(idxDir, set, true);
    const gz = gzipSync(encodeIdx({ shape: [12, 4, 4], data: set.train.images }));
    writeFileSync(paths.trainImages, gz.subarray(0, gz.length - 9));
    await checkFailure(
      idxDir,
      paths.trainImages,
      /corrupt gzip data \(unexpected end of file\); delete it and fetch it again/,
    );
  });

  it.each([
    ['trainImages', true],
    ['testLabels', false],
  ] as const)(
    'a folder in place of the %s file (gzipped: %s): one line naming it and what belongs there',
    async (role, gzip) => {
      const idxDir = mkdtempSync(join(dir, 'folder-'));
      const paths = writeIdxFolder(idxDir, set, gzip);
      rmSync(paths[role]);
      mkdirSync(paths[role]);
      await checkFailure(
        idxDir,
        paths[role],
        new RegExp(`: a folder, where an idx file \\(${role}, raw or \\.gz\\) was expected$`),
      );
    },
  );

  it('a folder given as an explicit file is an input error naming it', async () => {
    const idxDir = mkdtempSync(join(dir, 'explicit-'));
    const paths = writeIdxFolder(idxDir, set, true);
    const folder = mkdtempSync(join(dir, 'labels-'));
    const run = runDataStage({
      config: { source: 'idx', files: { ...paths, trainLabels: folder } },
      outDir: join(dir, 'explicit-out'),
    });
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      `${folder}: a folder, where an idx file (trainLabels, raw or .gz) was expected`,
    );
  });

  it('idx files holding no images: an input error, and dataset.arrow is left as it was', async () => {
    const idxDir = mkdtempSync(join(dir, 'empty-'));
    writeIdxFolder(idxDir, makeImageSet({ train: 0, test: 0, rows: 4, cols: 4 }), true);
    await checkFailure(idxDir, 'data', /^data: the idx source gave no images \(.*train-images/);
  });

  it('a header claiming gigabytes fails before anything that large is allocated', async () => {
    const idxDir = join(dir, 'huge-header');
    const paths = writeIdxFolder(idxDir, set, true);
    writeFileSync(
      paths.trainLabels,
      gzipSync(Uint8Array.from([0, 0, 8, 1, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3])),
    );
    await checkFailure(
      idxDir,
      paths.trainLabels,
      /header shape \[2147483647\] needs 2147483647 data bytes, more than \d+ gzipped bytes can hold/,
    );
  });

  async function checkFailure(idxDir: string, culprit: string, problem: RegExp) {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'dataset.arrow'), previous);
    const error: Error = await runDataStage({
      config: { source: 'idx', dir: idxDir },
      outDir,
    }).then(
      () => new Error('expected a failure'),
      (e: Error) => e,
    );
    expect(error.message.startsWith(`${culprit}: `)).toBe(true);
    expect(error.message).toMatch(problem);
    expect(error.message).not.toContain('\n');
    expect(readdirSync(outDir)).toEqual(['dataset.arrow']);
    expect(readFileSync(join(outDir, 'dataset.arrow'))).toEqual(previous);
  }
});
