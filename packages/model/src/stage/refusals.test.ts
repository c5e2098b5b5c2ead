import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefusedInput, datasetToTable, writeArrowFile } from '@latentlens/data';
import { deserializeTrainingState, serializeTrainingState } from '../core/serialize';
import { writeDigitsDataset } from '../test-helpers/datasetFile';
import { runEncodeStage } from './encodeStage';
import { MODEL_FILES, TRAIN_FILES, runTrainStage, type TrainStageConfig } from './trainStage';

let root: string;
let datasetPath: string;
let goodModel: string;

const small: TrainStageConfig = {
  dims: [784, 16, 4],
  batchSize: 40,
  epochs: 1,
  seed: 3,
  backend: 'wasm',
  workers: 1,
};

/** Every file under `dir` with its bytes, to show a failed run changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files[path] = readFileSync(path).toString('base64');
    }
  }
  return files;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'latentlens-refusals-'));
  datasetPath = writeDigitsDataset(root, 200, 60);
  goodModel = join(root, 'good');
  await runTrainStage({ config: small, datasetPath, outDir: goodModel });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a diverging training run', () => {
  it.each([
    { activation: 'linear', optimizer: 'sgd', learningRate: 10, workers: 1 },
    { activation: 'linear', optimizer: 'sgd', learningRate: 10, workers: 2 },
    { activation: 'relu', optimizer: 'sgd', learningRate: 10, workers: 1 },
    { activation: 'linear', optimizer: 'sgd', learningRate: 1, validation: 0.2, workers: 2 },
  ] as TrainStageConfig[])(
    '$activation/$optimizer/lr $learningRate on $workers thread(s) fails naming the settings, and leaves the previous model as it was',
    async (settings) => {
      const outDir = join(root, `diverge-${Object.values(settings).join('-')}`);
      await runTrainStage({ config: small, datasetPath, outDir });
      const model = join(outDir, TRAIN_FILES.model);
      const before = snapshot(model);
      const history = readFileSync(join(outDir, TRAIN_FILES.history));

      const run = runTrainStage({
        config: { ...small, ...settings, epochs: 3 },
        datasetPath,
        outDir,
        resume: 'never',
      });
      await expect(run).rejects.toThrow(
        new RegExp(
          `^training diverged: the training loss became (NaN|Infinity) in epoch 1 with learningRate ${settings.learningRate}, optimizer ${settings.optimizer}, activation ${settings.activation}; lower learningRate \\(e\\.g\\. 0\\.001\\), or use optimizer adam or activation tanh$`,
        ),
      );
      expect(snapshot(model)).toEqual(before);
      expect(readFileSync(join(outDir, TRAIN_FILES.history))).toEqual(history);
      expect(readdirSync(outDir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    },
  );

  it('writes no model where there was none', async () => {
    const outDir = join(root, 'diverge-fresh');
    await expect(
      runTrainStage({
        config: { ...small, activation: 'linear', optimizer: 'sgd', learningRate: 10 },
        datasetPath,
        outDir,
      }),
    ).rejects.toThrow(/^training diverged/);
    expect(existsSync(join(outDir, TRAIN_FILES.model))).toBe(false);
    expect(existsSync(join(outDir, TRAIN_FILES.history))).toBe(false);
  });
});

describe('the train stage refuses, before touching its folder', () => {
  it.each([0, -1, 1.5])('epochs %p (an input error; the checkpoint stays)', async (epochs) => {
    const before = snapshot(goodModel);
    const run = runTrainStage({ config: { ...small, epochs }, datasetPath, outDir: goodModel });
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      /Invalid autoencoder config: epochs must be a positive integer/,
    );
    expect(snapshot(goodModel)).toEqual(before);
  });

  it('a dataset without train images, naming it and its splits', async () => {
    const dir = mkdtempSync(join(root, 'no-train-'));
    const path = writeDigitsDataset(dir, 0, 30);
    const run = runTrainStage({ config: small, datasetPath: path, outDir: join(dir, 'train') });
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      `${path}: no train images (splits {"test":30}); re-run the data stage with a source, limit or sample that keeps some`,
    );
    expect(existsSync(join(dir, 'train'))).toBe(false);
  });
});

describe('images that are not 28×28', () => {
  let path: string;
  beforeAll(() => {
    const dir = mkdtempSync(join(root, 'small-images-'));
    path = join(dir, 'dataset.arrow');
    const n = 80;
    writeArrowFile(
      path,
      datasetToTable(
        {
          ids: Int32Array.from({ length: n }, (_, i) => i),
          splits: Uint8Array.from({ length: n }, (_, i) => (i < 60 ? 0 : 1)),
          labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
          pixels: Uint8Array.from({ length: n * 100 }, (_, i) => (i * 37) % 256),
          rows: 10,
          cols: 10,
          classNames: [...'0123456789'],
          source: 'test',
        },
        { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } },
      ),
    );
  });

  it('without dims: the input layer is the pixel count, the rest the defaults', async () => {
    const outDir = join(root, 'ten-by-ten');
    await runTrainStage({ config: { ...small, dims: undefined }, datasetPath: path, outDir });
    const state = deserializeTrainingState(readFileSync(join(outDir, 'model', MODEL_FILES.state)));
    expect(state.config.dims).toEqual([100, 256, 64]);
  });

  it.each([
    [[784, 16, 4], '100,16,4'],
    [[99, 8], '100,8'],
  ])('dims %j: names both fixes, the YAML key and the flag', async (dims, flag) => {
    const run = runTrainStage({
      config: { ...small, dims },
      datasetPath: path,
      outDir: join(root, 'x'),
    });
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      `${path}: the images have 10×10 = 100 pixels but train.dims starts with ${dims[0]}; set train.dims[0] to 100 in the pipeline file, or run latentlens train --dims ${flag} (without --dims it starts with the pixel count)`,
    );
  });
});

describe('the encode stage', () => {
  const encode = (splits: string[], modelDir = join(goodModel, 'model'), path = datasetPath) =>
    runEncodeStage({
      config: { splits: splits as ('train' | 'test')[], backend: 'wasm', workers: 1 },
      datasetPath: path,
      modelDir,
      outDir: join(root, 'encode-out'),
    });

  it.each([
    [['bogus'], '"bogus" is not a split'],
    [['test', 'Train'], '"Train" is not a split'],
    [['test', 'test'], '"test" is given twice'],
    [[''], '"" is not a split'],
    [[], 'no split given'],
  ])('refuses splits %j with the valid ones', async (splits, problem) => {
    const run = encode(splits);
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      `encode splits: ${problem} (valid splits: train, test; e.g. --splits test or --splits train,test)`,
    );
    expect(existsSync(join(root, 'encode-out'))).toBe(false);
  });

  it('refuses a split that holds no images', async () => {
    const dir = mkdtempSync(join(root, 'train-only-'));
    const path = writeDigitsDataset(dir, 50, 0);
    const run = encode(['test'], undefined, path);
    await expect(run).rejects.toThrow(RefusedInput);
    await expect(run).rejects.toThrow(
      `${path}: no images in split test (it holds {"train":50}); choose other splits (--splits, encode.splits) or re-run the data stage`,
    );
  });

  it.each([NaN, Infinity])('refuses to write codes from a model holding %p', async (bad) => {
    const modelDir = join(root, `broken-model-${bad}`);
    mkdirSync(modelDir, { recursive: true });
    const state = deserializeTrainingState(
      readFileSync(join(goodModel, 'model', MODEL_FILES.state)),
    );
    state.params[0].values[7] = bad;
    writeFileSync(join(modelDir, MODEL_FILES.state), serializeTrainingState(state));
    const statePath = join(modelDir, MODEL_FILES.state);
    await expect(encode(['test'], modelDir)).rejects.toThrow(
      `${statePath}: the model gives a code or reconstruction that is not a finite number (first for image id 200); its training diverged: train again with a lower learningRate, then encode`,
    );
    expect(existsSync(join(root, 'encode-out'))).toBe(false);
  });
});
