import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RefusedInput,
  datasetToTable,
  readArrowFile,
  tableToEmbeddings,
  writeArrowFile,
} from '@latentlens/data';
import { runEncodeStage } from './encodeStage';
import { TRAIN_FILES, runTrainStage } from './trainStage';

describe('a colour dataset (channels: 3)', () => {
  let dir: string;
  let datasetPath: string;
  const n = 40;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-colour-'));
    datasetPath = join(dir, 'dataset.arrow');
    // 4×4 RGB: reddish images of class 0, bluish of class 1.
    const pixels = new Uint8Array(n * 48);
    for (let i = 0; i < n; i++)
      for (let p = 0; p < 16; p++)
        pixels.set(i % 2 ? [20, 30, 200 + (p % 7)] : [210 - (p % 5), 40, 10], i * 48 + p * 3);
    writeArrowFile(
      datasetPath,
      datasetToTable(
        {
          ids: Int32Array.from({ length: n }, (_, i) => i),
          splits: Uint8Array.from({ length: n }, (_, i) => (i < 30 ? 0 : 1)),
          labels: Uint8Array.from({ length: n }, (_, i) => i % 2),
          pixels,
          rows: 4,
          cols: 4,
          channels: 3,
          classNames: ['red', 'blue'],
          source: 'images',
        },
        { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } },
      ),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains the dense autoencoder on rows·cols·3 inputs (without dims: [48, 256, 64]), and encodes with it', async () => {
    const train = join(dir, 'train');
    const config = {
      epochs: 1,
      batchSize: 10,
      backend: 'wasm',
      workers: 1,
    } as const;
    await runTrainStage({ config: config, datasetPath, outDir: train });
    const encoded = await runEncodeStage({
      config: { splits: ['test'], backend: 'wasm', workers: 1 },
      datasetPath,
      modelDir: join(train, TRAIN_FILES.model),
      outDir: join(dir, 'encode'),
    });
    expect(encoded.rows).toBe(10);
    const embeddings = tableToEmbeddings(readArrowFile(join(dir, 'encode', 'embeddings.arrow')));
    expect(embeddings.values.length).toBe(10 * 64);
    const wrong = runTrainStage({
      config: { ...config, dims: [16, 8, 2] },
      datasetPath,
      outDir: join(dir, 't2'),
    });
    await expect(wrong).rejects.toThrow(
      `${datasetPath}: the images have 4×4×3 = 48 values but train.dims starts with 16`,
    );
  });

  it('is refused by the conv autoencoder in one line, before its folder is made', async () => {
    const run = runTrainStage({ config: { kind: 'conv' }, datasetPath, outDir: join(dir, 'conv') });
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      `${datasetPath}: colour images (channels: 3) are not supported by the conv autoencoder yet; use channels: 1 in the data stage`,
    );
    expect(existsSync(join(dir, 'conv', 'model'))).toBe(false);
  });
});
