import { createHash } from 'node:crypto';
import {
  cpSync,
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
import {
  SPLIT_CODE,
  datasetToTable,
  embeddingsToTable,
  encodeIdx,
  readArrowFile,
  runDataStage,
  tableToDataset,
  takeRows,
  writeArrowFile,
} from '@latentlens/data';
import {
  MODEL_FILES,
  deserializeTrainingState,
  runTrainStage,
  serializeTrainingState,
} from '@latentlens/model';
import { holdsOnly } from './fixtures';
import type { HostileCase } from './hostileCase';

/**
 * Bad inputs to the stages themselves (issue 12, "no data lost"): settings that make training
 * diverge, a model that gives NaN codes, selections that leave no images, a repeated split, a
 * folder where a file belongs, truncated Arrow files, repeated ids, images of another size; and a
 * name with a port given to `serve --allow-host`.
 */

/** A dataset (bundled digits, 200 per split) and a model trained on it, made once per run. */
let fixtures: Promise<string> | undefined;
function fixtureDir(): Promise<string> {
  fixtures ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-hostile-stages-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const data = await runDataStage({
      config: { source: 'bundled', sample: 200 },
      outDir: join(dir, 'data'),
    });
    await runTrainStage({
      config: { dims: [784, 16, 4], epochs: 1, workers: 1 },
      datasetPath: data.path,
      outDir: join(dir, 'train'),
    });
    return dir;
  })();
  return fixtures;
}

/** Copies `from` (relative to the fixtures) to `to` (relative to `dir`). */
async function copyFixture(dir: string, from: string, to: string): Promise<string> {
  const target = join(dir, to);
  cpSync(join(await fixtureDir(), from), target, { recursive: true });
  return target;
}

/** The fixture dataset, keeping only the rows of `split`, written to `<dir>/<to>`. */
async function datasetOfOneSplit(dir: string, split: 'train' | 'test', to: string) {
  const ds = tableToDataset(readArrowFile(join(await fixtureDir(), 'data', 'dataset.arrow')));
  const rows: number[] = [];
  ds.splits.forEach((s, i) => s === SPLIT_CODE[split] && rows.push(i));
  writeDataset(join(dir, to), takeRows(ds, rows));
}

function writeDataset(path: string, ds: Parameters<typeof datasetToTable>[0]): void {
  writeArrowFile(
    path,
    datasetToTable(ds, { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } }),
  );
}

function writeEmbeddings(path: string, ids: number[]): void {
  const n = ids.length;
  writeArrowFile(
    path,
    embeddingsToTable(
      {
        ids: Int32Array.from(ids),
        splits: new Uint8Array(n).fill(1),
        labels: Uint8Array.from(ids, (_, i) => i % 10),
        values: Float32Array.from({ length: 4 * n }, (_, i) => Math.sin(i)),
        dim: 4,
        reconstructionError: new Float32Array(n),
      },
      { stage: 'encode', version: 'test', config: {}, provenance: { inputs: [] } },
    ),
  );
}

/** The four MNIST idx file names (raw), each holding `count` images of 28×28 or labels. */
function writeIdx(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  const images = { shape: [count, 28, 28], data: new Uint8Array(count * 784) };
  const labels = { shape: [count], data: new Uint8Array(count) };
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), encodeIdx(images));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx(labels));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), encodeIdx(images));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx(labels));
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

function digest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of files(dir)) hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

function absent(dir: string, ...paths: string[]): void {
  for (const path of paths) {
    if (existsSync(join(dir, path))) throw new Error(`${path} was written`);
  }
}

/** A case's `left`: none of the folders `paths` holds anything. */
function nothingWritten(...paths: string[]): HostileCase['left'] {
  return (dir) => {
    for (const path of paths) holdsOnly(join(dir, path), []);
    return `nothing written (${paths.join(', ')})`;
  };
}

function noTemporaries(dir: string): void {
  const left = files(dir).filter((f) => /\.tmp-\d+-/.test(f));
  if (left.length) throw new Error(`temporaries left: ${left.join(', ')}`);
}

/** Digests of previous outputs, by case folder, to show a failed run left them as they were. */
const before = new Map<string, string>();

const DIVERGING_PIPELINE = `data: { source: bundled, sample: 200 }
train:
  activation: linear
  optimizer: sgd
  learningRate: 10
  dims: [784, 16, 4]
  epochs: 2
`;

const MODEL = 'artifacts/p/train/model';

const DATASET = 'data/dataset.arrow';

export const stageCases: HostileCase[] = [
  ...[
    { workers: 1, previous: true },
    { workers: 2, previous: false },
  ].map(({ workers, previous }): HostileCase => ({
    kind: 'training',
    name: `loss becomes NaN (linear, sgd, learningRate 10) on ${workers} thread(s), ${previous ? 'over a previous good model' : 'no model before'}`,
    async setup(dir) {
      writeFileSync(join(dir, 'p.yaml'), `${DIVERGING_PIPELINE}  workers: ${workers}\n`);
      await copyFixture(dir, DATASET, 'artifacts/p/data/dataset.arrow');
      if (previous) {
        await copyFixture(dir, 'train/model', MODEL);
        before.set(dir, digest(join(dir, MODEL)));
      }
      return ['stage', '--in-process', 'p.yaml', 'train'];
    },
    code: 1,
    message:
      /^latentlens stage: training diverged: the training loss became (NaN|Infinity) in epoch 1 with learningRate 10, optimizer sgd, activation linear; lower learningRate \(e\.g\. 0\.001\), or use optimizer adam or activation tanh$/,
    left(dir) {
      if (previous && digest(join(dir, MODEL)) !== before.get(dir))
        throw new Error('the previous model changed');
      if (!previous) absent(dir, MODEL);
      absent(dir, 'artifacts/p/train/history.arrow', 'artifacts/p/train/loss.png');
      noTemporaries(dir);
      return `${previous ? 'previous model/ byte for byte' : 'no model/'}; no history.arrow, loss.png or temporaries`;
    },
  })),
  {
    kind: 'training',
    name: 'a dataset whose train split is empty',
    async setup(dir) {
      await datasetOfOneSplit(dir, 'test', 'test-only.arrow');
      return ['train', '--dataset', 'test-only.arrow', '--out', 'train', '--epochs', '1'];
    },
    code: 2,
    message:
      /^latentlens train: test-only\.arrow: no train images \(splits \{"test":200\}\); re-run the data stage/,
    left: nothingWritten('train'),
  },
  {
    kind: 'training',
    name: '10×10 images, --dims for 28×28',
    async setup(dir) {
      const n = 40;
      writeDataset(join(dir, 'small.arrow'), {
        ids: Int32Array.from({ length: n }, (_, i) => i),
        splits: Uint8Array.from({ length: n }, (_, i) => (i < 30 ? 0 : 1)),
        labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
        pixels: Uint8Array.from({ length: n * 100 }, (_, i) => (i * 7) % 256),
        rows: 10,
        cols: 10,
        classNames: [...'0123456789'],
        source: 'test',
      });
      return ['train', '--dataset', 'small.arrow', '--out', 'train', '--dims', '784,16,4'];
    },
    code: 2,
    message:
      /^latentlens train: small\.arrow: the images have 10×10 = 100 pixels but train\.dims starts with 784; set train\.dims\[0\] to 100 in the pipeline file, or run latentlens train --dims 100,16,4 /,
    left: nothingWritten('train'),
  },
  {
    kind: 'encode',
    name: 'a model whose weights hold NaN',
    async setup(dir) {
      await copyFixture(dir, DATASET, DATASET);
      const model = await copyFixture(dir, 'train/model', 'model');
      const statePath = join(model, MODEL_FILES.state);
      const state = deserializeTrainingState(readFileSync(statePath));
      state.params[0].values.fill(NaN, 0, 10);
      writeFileSync(statePath, serializeTrainingState(state));
      return ['encode', '--dataset', DATASET, '--model', 'model', '--out', 'enc', '--workers', '1'];
    },
    code: 1,
    message:
      /^latentlens encode: model\/state\.bin: the model gives a code or reconstruction that is not a finite number \(first for image id \d+\); its training diverged: train again with a lower learningRate, then encode$/,
    left: nothingWritten('enc'),
  },
  {
    // Unknown names are refused with the flags (see limits.cases.ts); a repeated one gets past.
    kind: 'encode',
    name: '--splits test,test',
    async setup(dir) {
      await copyFixture(dir, DATASET, DATASET);
      await copyFixture(dir, 'train/model', 'model');
      return [
        'encode',
        '--dataset',
        DATASET,
        '--model',
        'model',
        '--out',
        'enc',
        '--splits',
        'test,test',
      ];
    },
    code: 2,
    message:
      /^latentlens encode: encode splits: "test" is given twice \(valid splits: train, test; e\.g\. --splits test or --splits train,test\)$/,
    left: nothingWritten('enc'),
  },
  {
    kind: 'encode',
    name: '--splits test of a dataset without test images',
    async setup(dir) {
      await datasetOfOneSplit(dir, 'train', 'train-only.arrow');
      await copyFixture(dir, 'train/model', 'model');
      return ['encode', '--dataset', 'train-only.arrow', '--model', 'model', '--out', 'enc'];
    },
    code: 2,
    message:
      /^latentlens encode: train-only\.arrow: no images in split test \(it holds \{"train":200\}\); choose other splits/,
    left: nothingWritten('enc'),
  },
  {
    kind: 'data',
    name: 'idx files that hold no images',
    setup(dir) {
      writeIdx(join(dir, 'idx'), 0);
      return ['data', '--source', 'idx', '--dir', 'idx', '--out', 'data'];
    },
    code: 2,
    message:
      /^latentlens data: data: the idx source gave no images \(idx\/train-images-idx3-ubyte, /,
    left: nothingWritten('data'),
  },
  ...['train-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((name): HostileCase => ({
    kind: 'data',
    name: `a folder named ${name} in the idx folder`,
    setup(dir) {
      writeIdx(join(dir, 'idx'), 3);
      rmSync(join(dir, 'idx', name));
      mkdirSync(join(dir, 'idx', name));
      return ['data', '--source', 'idx', '--dir', 'idx', '--out', 'data'];
    },
    code: 2,
    message: new RegExp(
      `^latentlens data: idx/${name}: a folder, where an idx file \\((trainImages|testLabels), raw or \\.gz\\) was expected$`,
    ),
    left: nothingWritten('data'),
  })),
  ...(
    [
      ['half of dataset.arrow, to train', 0.5, ['train', '--dataset', DATASET, '--out', 'train']],
      ['dataset.arrow less its last byte, to data --inspect', -1, ['data', '--inspect', DATASET]],
      [
        'dataset.arrow less 100 bytes, to encode',
        -100,
        ['encode', '--dataset', DATASET, '--model', 'model', '--out', 'enc'],
      ],
    ] as const
  ).map(([name, keep, argv]): HostileCase => ({
    kind: 'arrow input',
    name,
    async setup(dir) {
      const path = await copyFixture(dir, DATASET, DATASET);
      await copyFixture(dir, 'train/model', 'model');
      const bytes = readFileSync(path);
      const length = keep > 0 ? Math.floor(bytes.length * keep) : bytes.length + keep;
      writeFileSync(path, bytes.subarray(0, length));
      return [...argv];
    },
    code: 1,
    message:
      /^latentlens (train|data|encode): data\/dataset\.arrow: not a complete Arrow IPC file \(truncated or corrupt\); re-run the stage that wrote it$/,
    left: nothingWritten('train', 'enc'),
  })),
  ...(
    [
      ['every id equal, to reduce', [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7], 7, '0 and 1', 'reduce'],
      [
        'one id repeated late, to neighbors',
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 3, 10, 11],
        3,
        '3 and 9',
        'neighbors',
      ],
    ] as const
  ).map(([name, ids, id, rows, command]): HostileCase => ({
    kind: 'embeddings',
    name,
    setup(dir) {
      writeEmbeddings(join(dir, 'e.arrow'), [...ids]);
      return command === 'reduce'
        ? ['reduce', '--embeddings', 'e.arrow', '--method', 'pca', '--out', 'out']
        : ['neighbors', '--embeddings', 'e.arrow', '--k', '3', '--out', 'out'];
    },
    code: 2,
    message: new RegExp(
      `^latentlens ${command}: e\\.arrow: id ${id} appears more than once \\(rows ${rows}, counted from 0\\); ids must be unique`,
    ),
    left: nothingWritten('out'),
  })),
  {
    kind: 'serve',
    name: '--allow-host with a port',
    setup(dir) {
      mkdirSync(join(dir, 'viewer'));
      writeFileSync(join(dir, 'viewer', 'index.html'), '<!doctype html>');
      return ['serve', 'viewer', '--port', '0', '--allow-host', 'viewer.lan:80'];
    },
    code: 2,
    message:
      /^latentlens serve: --allow-host takes a host name or an IP address without a port, got "viewer\.lan:80"/,
    left: (dir) => holdsOnly(join(dir, 'viewer'), ['index.html']),
  },
];
