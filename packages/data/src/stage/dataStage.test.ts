import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArrowFile } from '../io/arrowFile';
import { datasetMetadata, tableToDataset } from '../contracts/dataset';
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
    expect(result.perSplit.train + result.perSplit.test).toBe(10000);
    expect(result.perSplit.test).toBeGreaterThan(1990);
    expect(result.perSplit.test).toBeLessThan(2010);
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
    expect(meta.provenance.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic by seed and honours sample and limit', async () => {
    const a = await runDataStage({ config: { source: 'bundled', sample: 100, seed: 3 }, outDir: join(dir, 'a') });
    const b = await runDataStage({ config: { source: 'bundled', sample: 100, seed: 3 }, outDir: join(dir, 'b') });
    expect(a.perSplit).toEqual({ train: 100, test: 100 });
    const ta = tableToDataset(readArrowFile(a.path));
    const tb = tableToDataset(readArrowFile(b.path));
    expect(Buffer.from(tb.pixels)).toEqual(Buffer.from(ta.pixels));
    expect([...new Set(ta.labels)].length).toBe(10);
    const c = await runDataStage({ config: { source: 'bundled', limit: 7 }, outDir: join(dir, 'c') });
    expect(c.perSplit).toEqual({ train: 7, test: 7 });
  });
});
