import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefusedInput, datasetToTable, writeArrowFile } from '@latentlens/data';
import { runTrainStage } from './trainStage';

describe('a colour dataset (channels: 3)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-colour-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused by the train stage in one line, before its folder is made', async () => {
    const datasetPath = join(dir, 'dataset.arrow');
    const n = 8;
    writeArrowFile(
      datasetPath,
      datasetToTable(
        {
          ids: Int32Array.from({ length: n }, (_, i) => i),
          splits: new Uint8Array(n),
          labels: Uint8Array.from({ length: n }, (_, i) => i % 2),
          pixels: new Uint8Array(n * 4 * 4 * 3).fill(90),
          rows: 4,
          cols: 4,
          channels: 3,
          classNames: ['a', 'b'],
          source: 'images',
        },
        { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } },
      ),
    );
    const run = runTrainStage({ config: {}, datasetPath, outDir: join(dir, 'train') });
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      `${datasetPath}: colour images (channels: 3) are not supported by the train stage yet; use channels: 1 in the data stage`,
    );
    expect(existsSync(join(dir, 'train', 'model'))).toBe(false);
  });
});
