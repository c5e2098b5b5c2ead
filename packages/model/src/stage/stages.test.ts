import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readArrowFile, tableToEmbeddings, tableToHistory } from '@latentlens/data';
import { writeDigitsDataset } from '../test-helpers/datasetFile';
import { runEncodeStage } from './encodeStage';
import { MODEL_FILES, runTrainStage, type TrainStageConfig } from './trainStage';

let root: string;
let datasetPath: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'latentlens-stages-'));
  datasetPath = writeDigitsDataset(root, 400, 120);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config: TrainStageConfig = {
  dims: [784, 32, 8],
  batchSize: 25,
  epochs: 3,
  seed: 4,
  validation: 0.1,
  backend: 'wasm',
};

async function trainAndEncode(name: string, train: TrainStageConfig = config, encodeWorkers = 2) {
  const dir = join(root, name);
  const trained = await runTrainStage({ config: train, datasetPath, outDir: join(dir, 'train') });
  const encoded = await runEncodeStage({
    config: { splits: ['test'], backend: 'wasm', workers: encodeWorkers },
    datasetPath,
    modelDir: join(dir, 'train', 'model'),
    outDir: join(dir, 'encode'),
  });
  const read = (...path: string[]) => readFileSync(join(dir, ...path));
  return { dir, trained, encoded, read };
}

test('same YAML, seed and backend give byte-identical weights and embeddings (two worker threads)', async () => {
  const a = await trainAndEncode('a');
  const b = await trainAndEncode('b');
  for (const file of [
    ['train', 'model', MODEL_FILES.layersWeights],
    ['train', 'model', MODEL_FILES.state],
    ['encode', 'embeddings.arrow'],
  ]) {
    expect(b.read(...file).equals(a.read(...file))).toBe(true);
  }
  const c = await trainAndEncode('c', { ...config, seed: 5 }, 1);
  expect(
    c
      .read('train', 'model', MODEL_FILES.layersWeights)
      .equals(a.read('train', 'model', MODEL_FILES.layersWeights)),
  ).toBe(false);

  expect(a.trained).toMatchObject({
    backend: 'wasm',
    epochs: 3,
    samples: 400,
    resumedEpochs: 0,
    stoppedEarly: false,
  });
  expect(a.encoded).toMatchObject({ rows: 120, dim: 8, backend: 'wasm', workers: 2 });
  const historyTable = readArrowFile(join(a.dir, 'train', 'history.arrow'));
  const history = tableToHistory(historyTable);
  expect(Array.from(history.epoch)).toEqual([1, 2, 3]);
  expect(history.validationLoss.every((v) => v > 0)).toBe(true);
  expect(historyTable.schema.metadata.get('backend')).toBe('wasm');
  expect(a.read('train', 'loss.png').subarray(1, 4).toString('ascii')).toBe('PNG');
  const embeddings = tableToEmbeddings(readArrowFile(join(a.dir, 'encode', 'embeddings.arrow')));
  expect(embeddings.reconstructionError!.every((e) => e > 0)).toBe(true);

  // The saved tfjs model loads as it is, with no latentlens code.
  await tf.setBackend('wasm');
  const modelDir = join(a.dir, 'train', 'model');
  const json = JSON.parse(readFileSync(join(modelDir, MODEL_FILES.layersModel), 'utf8'));
  const weights = readFileSync(join(modelDir, MODEL_FILES.layersWeights));
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async () => [
    json.weightsManifest[0].weights,
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  ]);
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  expect(loaded.outputs[0].shape).toEqual([null, 784]);
  loaded.dispose();
});

test('early stopping ends training when the validation loss stops improving', async () => {
  const dir = join(root, 'early');
  const result = await runTrainStage({
    config: {
      ...config,
      epochs: 40,
      learningRate: 0.05,
      earlyStopping: { patience: 1, minDelta: 1e9 },
      workers: 1,
    },
    datasetPath,
    outDir: dir,
  });
  // With an improvement threshold nobody meets, the first epoch sets the best and the second stops.
  expect(result).toMatchObject({ epochs: 2, stoppedEarly: true });
  expect(existsSync(join(dir, 'model', MODEL_FILES.state))).toBe(true);
});

test('a conv model trains through the stage, which supplies the image shape', async () => {
  const dir = join(root, 'conv');
  const result = await runTrainStage({
    config: {
      kind: 'conv',
      dims: [784, 16],
      filters: [4, 8],
      epochs: 1,
      batchSize: 50,
      backend: 'wasm',
      workers: 2,
    },
    datasetPath,
    outDir: join(dir, 'train'),
  });
  expect(result).toMatchObject({ epochs: 1, samples: 400 });
  const encoded = await runEncodeStage({
    config: { splits: ['train', 'test'], backend: 'wasm' },
    datasetPath,
    modelDir: join(dir, 'train', 'model'),
    outDir: join(dir, 'encode'),
  });
  expect(encoded).toMatchObject({ rows: 520, dim: 16, workers: 1 });
  const json = JSON.parse(
    readFileSync(join(dir, 'train', 'model', MODEL_FILES.layersModel), 'utf8'),
  );
  expect(json.userDefinedMetadata.latentlens.config).toMatchObject({
    kind: 'conv',
    imageShape: [28, 28],
  });
});
