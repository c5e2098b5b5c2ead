import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  /** rows×cols RGB: reddish images of class 0, bluish of class 1. */
  const writeColourDataset = (path: string, rows: number, cols: number) => {
    const size = rows * cols;
    const pixels = new Uint8Array(n * size * 3);
    for (let i = 0; i < n; i++)
      for (let p = 0; p < size; p++)
        pixels.set(i % 2 ? [20, 30, 200 + (p % 7)] : [210 - (p % 5), 40, 10], (i * size + p) * 3);
    writeArrowFile(
      path,
      datasetToTable(
        {
          ids: Int32Array.from({ length: n }, (_, i) => i),
          splits: Uint8Array.from({ length: n }, (_, i) => (i < 30 ? 0 : 1)),
          labels: Uint8Array.from({ length: n }, (_, i) => i % 2),
          pixels,
          rows,
          cols,
          channels: 3,
          classNames: ['red', 'blue'],
          source: 'images',
        },
        { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } },
      ),
    );
  };
  /** Quick training settings every test here shares. */
  const config = { epochs: 1, batchSize: 10, backend: 'wasm', workers: 1 } as const;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-colour-'));
    datasetPath = join(dir, 'dataset.arrow');
    writeColourDataset(datasetPath, 4, 4);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains the dense autoencoder on rows·cols·3 inputs (without dims: [48, 256, 64]), and encodes with it', async () => {
    const train = join(dir, 'train');
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

  it('trains the conv autoencoder on any size and channel count (4×8×3 here), and encodes with it', async () => {
    const path = join(dir, 'wide.arrow');
    writeColourDataset(path, 4, 8);
    const train = join(dir, 'conv');
    await runTrainStage({
      config: { ...config, kind: 'conv', filters: [2, 3], dims: [96, 4] },
      datasetPath: path,
      outDir: train,
    });
    const json = JSON.parse(readFileSync(join(train, TRAIN_FILES.model, 'model.json'), 'utf8'));
    expect(json.userDefinedMetadata.latentlens.config.imageShape).toEqual([4, 8, 3]);
    const shapes = Object.fromEntries(
      json.weightsManifest[0].weights.map((w: { name: string; shape: number[] }) => [
        w.name,
        w.shape,
      ]),
    );
    expect(shapes['conv_1/kernel']).toEqual([3, 3, 3, 2]);
    expect(shapes['deconv_2/bias']).toEqual([3]);
    const encoded = await runEncodeStage({
      config: { splits: ['test'], backend: 'wasm', workers: 1 },
      datasetPath: path,
      modelDir: join(train, TRAIN_FILES.model),
      outDir: join(dir, 'conv-encode'),
    });
    expect(encoded).toMatchObject({ rows: 10, dim: 4 });
  });

  it('is refused by the conv autoencoder when a side is not divisible by 4, in one line with the fix', async () => {
    const path = join(dir, 'odd.arrow');
    writeColourDataset(path, 6, 10);
    const run = runTrainStage({
      config: { kind: 'conv' },
      datasetPath: path,
      outDir: join(dir, 'odd'),
    });
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      'the conv autoencoder needs image sizes divisible by 4, got 6×10; set data.size to [8, 12] or use train.kind: dense',
    );
    expect(existsSync(join(dir, 'odd', 'model'))).toBe(false);
  });
});
