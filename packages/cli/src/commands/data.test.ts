import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '@latentlens/data';
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
    expect(inspected.out[0]).toBe(`${join(outDir, 'dataset.arrow')}: 12 images of 5×7 from idx`);
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
