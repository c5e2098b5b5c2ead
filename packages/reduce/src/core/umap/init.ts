import { pcaEmbed } from '../pca';
import type { RandomSource } from '../random';
import type { SparseRows } from '../sparseRows';
import { symmetricEigen } from '../symmetricEigen';

export type UmapInit = 'spectral' | 'pca' | 'random';

/** Subspace iterations of the spectral start (see `spectralLayout`). */
const SPECTRAL_ITERATIONS = 40;
/** Vectors iterated beside the wanted ones: they speed up the convergence of the wanted ones. */
const SPECTRAL_EXTRA = 4;
/** umap-learn's noise and range for a computed start (`noisy_scale_coords`). */
const START_RANGE = 10;
const START_NOISE = 0.0001;

export interface UmapStart {
  coords: Float32Array;
  /** The start actually used: spectral falls back to PCA on a disconnected graph. */
  init: UmapInit;
  /** Why the start differs from the one asked for. */
  note?: string;
}

/**
 * The initial layout of our UMAP engine, `n * dims` values:
 * - `random`: uniform in [−10, 10], as umap-js;
 * - `pca`: the data's first principal components;
 * - `spectral` (umap-learn's and uwot's default): the eigenvectors of the fuzzy graph's
 *   normalised Laplacian I − D^−½ W D^−½ with the smallest non-zero eigenvalues. A graph in
 *   several pieces has one zero eigenvalue per piece, and its eigenvectors would only tell the
 *   pieces apart; umap-learn then lays out each piece on its own, here the start falls back to
 *   PCA and says so in `note`.
 * Computed starts are scaled so that the largest coordinate is ±10, plus Gaussian noise of
 * standard deviation 0.0001 (as umap-learn), so that no two points coincide.
 */
export function umapStart(
  init: UmapInit,
  fuzzy: SparseRows,
  data: Float32Array,
  d: number,
  dims: number,
  random: RandomSource,
): UmapStart {
  const n = fuzzy.n;
  if (init === 'random') {
    const coords = new Float32Array(n * dims);
    for (let p = 0; p < coords.length; p++) coords[p] = random() * 20 - 10;
    return { coords, init };
  }
  if (init === 'spectral') {
    const pieces = components(fuzzy);
    if (pieces === 1) return { coords: scaled(spectralLayout(fuzzy, dims, random), random), init };
    const start = umapStart('pca', fuzzy, data, d, dims, random);
    return {
      ...start,
      note: `the neighbour graph has ${pieces} separate pieces, so the spectral start would only tell them apart: starting from PCA`,
    };
  }
  const pca = pcaEmbed(data, n, d, { dims: Math.min(dims, d) });
  const coords = new Float64Array(n * dims);
  const got = pca.coords.length / n;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < got; c++) coords[i * dims + c] = pca.coords[i * got + c];
  return { coords: scaled(coords, random), init };
}

/** Number of connected pieces of the graph (union-find). */
function components(graph: SparseRows): number {
  const parent = Int32Array.from({ length: graph.n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  let pieces = graph.n;
  for (let i = 0; i < graph.n; i++) {
    for (let e = graph.rowPtr[i]; e < graph.rowPtr[i + 1]; e++) {
      if (graph.vals[e] <= 0) continue;
      const a = root(i);
      const b = root(graph.cols[e]);
      if (a !== b) {
        parent[a] = b;
        pieces--;
      }
    }
  }
  return pieces;
}

/**
 * The `dims` leading non-trivial eigenvectors of M = D^−½ W D^−½ (those of the Laplacian with
 * the smallest eigenvalues), by subspace iteration on (I + M) / 2, whose eigenvalues lie in
 * [0, 1] in the same order, with the trivial vector D^½·1 projected out; a Rayleigh-Ritz step on
 * the final block orders them. The block is stored row by row (n × k), so that one pass over the
 * sparse rows multiplies all k vectors, and re-orthonormalised by Cholesky QR, twice (stable
 * enough for a block that one product separates little).
 */
function spectralLayout(graph: SparseRows, dims: number, random: RandomSource): Float64Array {
  const { n, rowPtr, vals } = graph;
  const k = Math.min(dims + SPECTRAL_EXTRA, n - 1);
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let degree = 0;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) degree += vals[e];
    scale[i] = 1 / Math.sqrt(degree);
  }
  // The trivial eigenvector, D^½·1, normalised.
  const trivial = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) norm += (trivial[i] = 1 / scale[i]) ** 2;
  for (let i = 0; i < n; i++) trivial[i] /= Math.sqrt(norm);
  let block = new Float64Array(n * k);
  for (let p = 0; p < block.length; p++) block[p] = random() - 0.5;
  orthonormalise(block, n, k, trivial);
  let next = new Float64Array(n * k);
  for (let iteration = 0; iteration < SPECTRAL_ITERATIONS; iteration++) {
    halfShifted(graph, scale, block, next, k);
    [block, next] = [next, block];
    orthonormalise(block, n, k, trivial);
  }
  // Rayleigh-Ritz: the eigenvectors of the k × k projection, largest first.
  halfShifted(graph, scale, block, next, k);
  const small = new Float64Array(k * k);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) small[a * k + b] += block[i * k + a] * next[i * k + b];
  for (let a = 0; a < k; a++)
    for (let b = 0; b < a; b++)
      small[a * k + b] = small[b * k + a] = (small[a * k + b] + small[b * k + a]) / 2;
  const { vectors } = symmetricEigen(small, k);
  const coords = new Float64Array(n * dims);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < dims; c++) {
      let v = 0;
      for (let a = 0; a < k; a++) v += vectors[c * k + a] * block[i * k + a];
      coords[i * dims + c] = v;
    }
  return coords;
}

/** out = (x + D^−½ W D^−½ x) / 2 for the n × k block x, row by row. */
function halfShifted(
  graph: SparseRows,
  scale: Float64Array,
  x: Float64Array,
  out: Float64Array,
  k: number,
): void {
  const { n, rowPtr, cols, vals } = graph;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const j = cols[e];
      const w = vals[e] * scale[j];
      for (let c = 0; c < k; c++) out[row + c] += w * x[j * k + c];
    }
    for (let c = 0; c < k; c++) out[row + c] = (x[row + c] + scale[i] * out[row + c]) / 2;
  }
}

/** The n × k block's columns made orthonormal and orthogonal to `trivial`: Cholesky QR, twice. */
function orthonormalise(block: Float64Array, n: number, k: number, trivial: Float64Array): void {
  const dots = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) dots[c] += trivial[i] * block[i * k + c];
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) block[i * k + c] -= dots[c] * trivial[i];
  for (let pass = 0; pass < 2; pass++) {
    const gram = new Float64Array(k * k);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < k; a++) {
        const v = block[i * k + a];
        for (let b = 0; b <= a; b++) gram[a * k + b] += v * block[i * k + b];
      }
    // gram = L Lᵀ; then block ← block L⁻ᵀ, row by row (forward substitution).
    for (let a = 0; a < k; a++) {
      for (let b = 0; b <= a; b++) {
        let sum = gram[a * k + b];
        for (let c = 0; c < b; c++) sum -= gram[a * k + c] * gram[b * k + c];
        gram[a * k + b] = a === b ? Math.sqrt(Math.max(sum, 1e-300)) : sum / gram[b * k + b];
      }
    }
    for (let i = 0; i < n; i++) {
      const row = i * k;
      for (let a = 0; a < k; a++) {
        let sum = block[row + a];
        for (let c = 0; c < a; c++) sum -= gram[a * k + c] * block[row + c];
        block[row + a] = sum / gram[a * k + a];
      }
    }
  }
}

/** `coords` scaled to a largest magnitude of 10, plus a little seeded Gaussian noise. */
function scaled(coords: Float64Array, random: RandomSource): Float32Array {
  let max = 0;
  for (let p = 0; p < coords.length; p++) max = Math.max(max, Math.abs(coords[p]));
  const factor = max > 0 ? START_RANGE / max : 1;
  const out = new Float32Array(coords.length);
  for (let p = 0; p < coords.length; p += 2) {
    // Box-Muller: two standard normal draws from two uniform ones.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[p] = coords[p] * factor + START_NOISE * radius * Math.cos(angle);
    if (p + 1 < coords.length)
      out[p + 1] = coords[p + 1] * factor + START_NOISE * radius * Math.sin(angle);
  }
  return out;
}
