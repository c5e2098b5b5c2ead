import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { type Field, SOURCES, encodeIdx } from '@latentlens/data';
import { parsePipeline, PipelineError } from '../pipeline/load';
import { runCli } from '../test-helpers/runCli';

/** Four gzipped idx files of 5×7 images: 8 train, 4 test, labels 0..3 in turn. */
function writeIdxFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const part = (count: number, offset: number) => ({
    images: Uint8Array.from({ length: count * 35 }, (_, i) => (i * 7 + offset) % 256),
    labels: Uint8Array.from({ length: count }, (_, i) => i % 4),
  });
  for (const [stem, p] of [
    ['train', part(8, 0)],
    ['t10k', part(4, 1)],
  ] as const) {
    const count = p.labels.length;
    writeFileSync(
      join(dir, `${stem}-images-idx3-ubyte.gz`),
      gzipSync(encodeIdx({ shape: [count, 5, 7], data: p.images })),
    );
    writeFileSync(
      join(dir, `${stem}-labels-idx1-ubyte.gz`),
      gzipSync(encodeIdx({ shape: [count], data: p.labels })),
    );
  }
}

describe('latentlens data --source images', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-images-'));
    for (const [cls, colour] of [
      ['cats', '#202020'],
      ['dogs', '#e0e0e0'],
    ])
      for (let i = 0; i < 5; i++) {
        mkdirSync(join(dir, 'in', cls), { recursive: true });
        await sharp({ create: { width: 10 + i, height: 12, channels: 3, background: colour } })
          .png()
          .toFile(join(dir, 'in', cls, `${i}.png`));
      }
    writeFileSync(join(dir, 'in', 'dogs', 'broken.png'), 'not a png');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `latentlens data` on the test's folder of images. */
  const fromFolder = () => ['data', '--source', 'images', '--dir', join(dir, 'in')];

  it('reads a folder with every flag, and --inspect shows classes and channels', async () => {
    const outDir = join(dir, 'out');
    const made = await runCli([
      ...fromFolder(),
      '--size',
      '6,8',
      '--channels',
      '3',
      '--fit',
      'cover',
      '--background',
      '#000000',
      '--test',
      '0.4',
      '--extensions',
      'png',
      '--recursive',
      'false',
      '--on-error',
      'skip',
      '--out',
      outDir,
    ]);
    expect(made.code).toBe(0);
    expect(made.out.join('\n')).toMatch(/10 images: train 6, test 4; source images/);
    const inspected = await runCli(['data', '--inspect', join(outDir, 'dataset.arrow')]);
    expect(inspected.out[0]).toMatch(/: 10 images of 6×8, 3 channels \(RGB\), from images$/);
    expect(inspected.out).toContain('classes: 2 (cats, dogs)');
    expect(inspected.out).toContain('labels: cats=5 dogs=5');
    expect(inspected.out.join('\n')).toContain('broken.png');
  });

  it('--inspect on a source shows its classes and counts and writes nothing', async () => {
    const before = readdirSync(dir).sort();
    const inspected = await runCli([
      ...fromFolder(),
      '--size',
      '4',
      '--on-error',
      'skip',
      '--inspect',
    ]);
    expect(inspected.code).toBe(0);
    expect(inspected.out[0]).toBe('source images: 10 images of 4×4, 1 channel (grey), from images');
    expect(inspected.out).toContain('classes: 2 (cats, dogs)');
    expect(inspected.out).toContain('labels: cats=5 dogs=5');
    expect(inspected.out.join('\n')).toContain('broken.png');
    expect(readdirSync(dir).sort()).toEqual(before);
    // The file form still takes one dataset, and nothing else stray.
    // Neither a file nor a source: a usage error, not the default source's download.
    const neither = await runCli(['data', '--inspect']);
    expect(neither.code).toBe(2);
    expect(neither.err.join('\n')).toMatch(
      /--inspect takes a dataset\.arrow after it, or inspects the --source given/,
    );
    const stray = await runCli([...fromFolder(), 'extra']);
    expect(stray.code).toBe(2);
    expect(stray.err.join('\n')).toMatch(/unexpected argument "extra"/);
  });

  it('refuses a bad image in one line with exit 2, and a bad flag value naming the flag', async () => {
    const failed = await runCli([...fromFolder(), '--out', join(dir, 'o2')]);
    expect(failed.code).toBe(2);
    expect(failed.err.join('\n')).toMatch(/dogs\/broken\.png: not an image sharp can read/);
    const bad = await runCli([...fromFolder(), '--channels', '2', '--out', join(dir, 'o3')]);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--channels: .*1 \(grey\) or 3 \(RGB\)/);
  });
});

describe('latentlens data', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-data-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts an idx folder, and --inspect prints rows per split, label counts and provenance', async () => {
    const idx = join(dir, 'idx');
    writeIdxFolder(idx);
    const outDir = join(dir, 'out');
    const made = await runCli(['data', '--source', 'idx', '--dir', idx, '--out', outDir]);
    expect(made.code).toBe(0);
    expect(made.out.join('\n')).toMatch(
      /^✔ data: dataset\.arrow \(12 images: train 8, test 4; source idx\) → .*\/out in \d+\.\ds$/m,
    );

    const inspected = await runCli(['data', '--inspect', join(outDir, 'dataset.arrow')]);
    expect(inspected.code).toBe(0);
    expect(inspected.out[0]).toBe(
      `${join(outDir, 'dataset.arrow')}: 12 images of 5×7, 1 channel (grey), from idx`,
    );
    expect(inspected.out).toContain('classes: 10 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)');
    expect(inspected.out).toContain('splits: {"train":8,"test":4}');
    expect(inspected.out).toContain('labels: 0=3 1=3 2=3 3=3');
    const provenance = JSON.parse(
      inspected.out.find((l) => l.startsWith('provenance: '))!.slice('provenance: '.length),
    );
    expect(provenance.source).toBe('idx');
    expect(provenance.inputs).toHaveLength(4);
    expect(provenance.inputs[0]).toEqual({
      path: join(idx, 'train-images-idx3-ubyte.gz'),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('fails in one line naming the bad file, exits non-zero, and leaves dataset.arrow alone', async () => {
    const idx = join(dir, 'bad');
    writeIdxFolder(idx);
    const labels = join(idx, 't10k-labels-idx1-ubyte.gz');
    writeFileSync(labels, gzipSync(encodeIdx({ shape: [3], data: Uint8Array.from([0, 1, 2]) })));
    const outDir = join(dir, 'kept');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'dataset.arrow'), 'previous');
    const { code, err } = await runCli(['data', '--source', 'idx', '--dir', idx, '--out', outDir]);
    expect(code).toBe(1);
    expect(err).toEqual([
      `latentlens data: ${labels}: 3 labels but ${join(idx, 't10k-images-idx3-ubyte.gz')} has 4 images`,
    ]);
    expect(readdirSync(outDir)).toEqual(['dataset.arrow']);
    expect(readFileSync(join(outDir, 'dataset.arrow'), 'utf8')).toBe('previous');
  });

  it('--inspect on a file that is not Arrow fails in one line', async () => {
    const file = join(dir, 'not.arrow');
    writeFileSync(file, 'hello');
    const { code, err } = await runCli(['data', '--inspect', file]);
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^latentlens data: ${file}: not an Arrow IPC file`));
  });
});

describe('data: section of a pipeline', () => {
  it('accepts mirrors per dataset and download settings', () => {
    const yaml = [
      'data:',
      '  source: mnist',
      '  fallback: [bundled]',
      '  mirrors:',
      '    mnist: [https://mirror.example.org/mnist/]',
      '  download: { timeoutMs: 10000, retries: 1 }',
    ].join('\n');
    const p = parsePipeline(yaml, 'pipelines/test.yaml');
    expect(p.config.data).toMatchObject({
      source: 'mnist',
      fallback: ['bundled'],
      mirrors: { mnist: ['https://mirror.example.org/mnist/'] },
      download: { timeoutMs: 10000, retries: 1 },
    });
  });

  it('rejects a mirror that is not an http(s) URL', () => {
    let lines: string[] = [];
    try {
      parsePipeline('data:\n  mirrors:\n    mnist: [mirror.example.org]\n', 'pipelines/test.yaml');
    } catch (error) {
      if (!(error instanceof PipelineError)) throw error;
      lines = error.lines;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^pipelines\/test\.yaml:3:13: data\.mirrors\.mnist\[0\]: "mirror\.example\.org" is not valid \(use an http\(s\) base URL/,
    );
  });
});

describe('latentlens data --source table', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-table-'));
    const rows = ['name,kind,e0,e1,e2'];
    for (let i = 0; i < 8; i++) rows.push(`n${i},${i % 2 ? 'odd' : 'even'},${i},${i * i},${-i}`);
    writeFileSync(join(dir, 'v.csv'), rows.join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** `latentlens data --source table --path v.csv` with these flags. */
  const table = (...flags: string[]) =>
    runCli(['data', '--source', 'table', '--path', join(dir, 'v.csv'), ...flags]);

  it('takes the table options as flags, and --inspect shows rows, classes and columns', async () => {
    const outDir = join(dir, 'out');
    const made = await table(
      '--vector',
      'e0,e1,e2',
      '--label',
      'kind',
      '--metadata',
      'name',
      '--standardize',
      'true',
      '--test',
      '0.5',
      '--out',
      outDir,
    );
    expect(made.code).toBe(0);
    expect(made.out.join('\n')).toMatch(
      /dataset\.arrow \+ embeddings\.arrow \(8 vectors of 3: train 4, test 4; source table\)/,
    );
    expect(readdirSync(outDir).sort()).toEqual(['dataset.arrow', 'embeddings.arrow']);
    const inspected = await runCli(['data', '--inspect', join(outDir, 'dataset.arrow')]);
    expect(inspected.out[0]).toMatch(/: 8 rows without images, from table$/);
    expect(inspected.out).toContain('columns: name (text)');
    expect(inspected.out).toContain('classes: 2 (even, odd)');
  });

  it('a vector prefix as one flag; a missing column exits 2 with one line', async () => {
    const ok = await table('--vector', 'e*', '--out', join(dir, 'o2'));
    expect(ok.code).toBe(0);
    const bad = await table('--vector', 'x', '--out', join(dir, 'o3'));
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(
      /v\.csv: no column "x" \(vector: names it; the columns are name, kind, e0, e1, e2\)/,
    );
  });

  it('has a flag for every option of every registered source that one value can carry', async () => {
    const help = (await runCli(['data', '--help'])).out.join('\n');
    const keys = SOURCES.flatMap((s) =>
      Object.entries(s.options as Record<string, Field>)
        .filter(([, f]) => f.rule.kind !== 'object')
        .map(([key]) => key),
    );
    expect(keys).toEqual(
      expect.arrayContaining(['dir', 'classNames', 'size', 'onError', 'vector']),
    );
    for (const key of keys)
      expect(help).toMatch(new RegExp(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} `));
  });

  it('--help lists the table source and its options', async () => {
    const help = (await runCli(['data', '--help'])).out.join('\n');
    expect(help).toMatch(
      /table +vectors you already have .*\[path, format, vector, standardize, id, label, metadata, image,/,
    );
    for (const flag of [
      '--path',
      '--format',
      '--vector',
      '--standardize',
      '--id',
      '--label',
      '--metadata',
      '--image',
    ])
      expect(help).toContain(flag);
  });
});
