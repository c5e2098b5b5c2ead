import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { typescriptBootstrap } from '@latentlens/data';
import { deserializeTrainingState } from '../core/serialize';
import { writeDigitsDataset } from '../test-helpers/datasetFile';
import { CHECKPOINT_FILES } from './checkpoint';
import { MODEL_FILES, runTrainStage, type TrainStageConfig } from './trainStage';

let root: string;
let datasetPath: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'latentlens-resume-'));
  datasetPath = writeDigitsDataset(root, 2000, 0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Two worker threads, the default: the kill lands while both are mid-epoch.
const config: TrainStageConfig = {
  dims: [784, 64, 16],
  batchSize: 25,
  epochs: 3,
  seed: 9,
  backend: 'wasm',
  workers: 2,
};

/** Starts the train stage in its own process and SIGKILLs it once the first checkpoint exists. */
function trainUntilFirstCheckpoint(outDir: string): Promise<void> {
  const entry = resolve(__dirname, '..', 'test-helpers', 'trainProcess.ts');
  const bootstrap = typescriptBootstrap(entry, {
    workspaceSources: resolve(__dirname, '..', '..', '..'),
  });
  const child = spawn(
    process.execPath,
    ['-e', bootstrap, datasetPath, outDir, JSON.stringify(config)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const checkpoint = join(outDir, 'checkpoint', CHECKPOINT_FILES.state);
  return new Promise((done, fail) => {
    const poll = setInterval(() => {
      if (!existsSync(checkpoint)) return;
      clearInterval(poll);
      child.kill('SIGKILL');
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL') done();
      else
        fail(
          new Error(
            `the training process ended by itself (code ${code}) before it could be killed:\n${stderr}`,
          ),
        );
    });
  });
}

test('a training process killed mid-run resumes from its last checkpoint to the same bytes', async () => {
  const interrupted = join(root, 'interrupted');
  await trainUntilFirstCheckpoint(interrupted);
  expect(existsSync(join(interrupted, 'model'))).toBe(false);
  const checkpoint = deserializeTrainingState(
    readFileSync(join(interrupted, 'checkpoint', CHECKPOINT_FILES.state)),
  );
  expect(checkpoint.epoch).toBeGreaterThanOrEqual(1);
  expect(checkpoint.epoch).toBeLessThan(config.epochs!);

  const resumed = await runTrainStage({
    config,
    datasetPath,
    outDir: interrupted,
    resume: 'always',
  });
  expect(resumed.resumedEpochs).toBe(checkpoint.epoch);
  const straight = join(root, 'straight');
  const uninterrupted = await runTrainStage({ config, datasetPath, outDir: straight });
  expect(uninterrupted.resumedEpochs).toBe(0);
  expect(resumed.finalLoss).toBe(uninterrupted.finalLoss);
  for (const file of [MODEL_FILES.layersWeights, MODEL_FILES.state]) {
    const a = readFileSync(join(interrupted, 'model', file));
    const b = readFileSync(join(straight, 'model', file));
    expect(a.equals(b)).toBe(true);
  }
});

test('a checkpoint of another config is not resumed: auto starts over, always refuses', async () => {
  const dir = join(root, 'other');
  const small = { ...config, dims: [784, 16, 4], epochs: 1, workers: 1 };
  await runTrainStage({ config: small, datasetPath, outDir: dir });
  await expect(
    runTrainStage({
      config: { ...small, learningRate: 0.01 },
      datasetPath,
      outDir: dir,
      resume: 'always',
    }),
  ).rejects.toThrow(/Cannot resume: the checkpoint was trained with a different learningRate/);
  const fresh = await runTrainStage({
    config: { ...small, learningRate: 0.01 },
    datasetPath,
    outDir: dir,
  });
  expect(fresh.resumedEpochs).toBe(0);
  // Same config with more epochs continues the finished run.
  const longer = await runTrainStage({
    config: { ...small, learningRate: 0.01, epochs: 2 },
    datasetPath,
    outDir: dir,
  });
  expect(longer).toMatchObject({ resumedEpochs: 1, epochs: 2 });
});
