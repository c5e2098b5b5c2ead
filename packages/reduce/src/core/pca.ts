import { symmetricEigen } from './symmetricEigen';
import { checkRows } from './checkRows';

export interface PcaOptions {
  /** Number of principal components to keep (1 ≤ dims ≤ d). */
  dims: number;
}

export interface PcaResult {
  /** `n * dims` projected coordinates, row-major. */
  coords: Float32Array;
  dims: number;
  /** `dims * d` unit principal axes, row-major, strongest first. */
  components: Float32Array;
  /** The `d` column means subtracted before projecting. */
  mean: Float32Array;
  /** Variance along each kept component (unbiased, divided by n - 1, as scikit-learn). */
  explainedVariance: Float64Array;
  /** Each kept component's share of the total variance (over all d directions). */
  explainedVarianceRatio: Float64Array;
}

/**
 * Exact PCA: the d × d covariance accumulated in float64, then a full symmetric
 * eigendecomposition. Costs O(n d²) for the covariance and O(d³) for the eigenproblem.
 *
 * Sign convention (scikit-learn's V-based `svd_flip`): each component is negated if needed so
 * that its entry of largest magnitude is positive; among equal magnitudes the first wins.
 */
export function pcaEmbed(data: Float32Array, n: number, d: number, options: PcaOptions): PcaResult {
  const { dims } = options;
  checkRows('pcaEmbed', data, n, d);
  if (!Number.isInteger(dims) || dims < 1 || dims > d)
    throw new Error(`pcaEmbed: dims must be in 1..${d}, got ${dims}`);
  if (n < 2) throw new Error(`pcaEmbed: needs at least 2 rows, got ${n}`);

  const mean = columnMeans(data, n, d);
  const covariance = centredCovariance(data, n, d, mean);
  const { values, vectors } = symmetricEigen(covariance, d);

  let totalVariance = 0;
  for (let i = 0; i < d; i++) totalVariance += covariance[i * d + i];

  const components = new Float64Array(dims * d);
  const explainedVariance = new Float64Array(dims);
  const explainedVarianceRatio = new Float64Array(dims);
  for (let c = 0; c < dims; c++) {
    const axis = vectors.subarray(c * d, c * d + d);
    const sign = signOfLargest(axis);
    for (let t = 0; t < d; t++) components[c * d + t] = sign * axis[t];
    // Rounding can leave tiny negative eigenvalues for rank-deficient data.
    explainedVariance[c] = Math.max(0, values[c]);
    explainedVarianceRatio[c] = totalVariance > 0 ? explainedVariance[c] / totalVariance : 0;
  }

  return {
    coords: project(data, n, d, mean, components, dims),
    dims,
    components: Float32Array.from(components),
    mean: Float32Array.from(mean),
    explainedVariance,
    explainedVarianceRatio,
  };
}

function columnMeans(data: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let t = 0; t < d; t++) mean[t] += data[row + t];
  }
  for (let t = 0; t < d; t++) mean[t] /= n;
  return mean;
}

/** Rows per block: the centred block is held transposed so each (a, b) entry is one short dot. */
const COVARIANCE_BLOCK = 64;

/** Symmetric d × d covariance of the centred rows, divided by n - 1. */
function centredCovariance(
  data: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
): Float64Array {
  const cov = new Float64Array(d * d);
  const block = new Float64Array(d * COVARIANCE_BLOCK);
  for (let start = 0; start < n; start += COVARIANCE_BLOCK) {
    const rows = Math.min(COVARIANCE_BLOCK, n - start);
    // A short last block is zero-padded so the dot loop below always runs the full width.
    if (rows < COVARIANCE_BLOCK) block.fill(0);
    for (let r = 0; r < rows; r++) {
      const src = (start + r) * d;
      for (let t = 0; t < d; t++) block[t * COVARIANCE_BLOCK + r] = data[src + t] - mean[t];
    }
    for (let a = 0; a < d; a++) {
      const oa = a * COVARIANCE_BLOCK;
      for (let b = a; b < d; b++) {
        const ob = b * COVARIANCE_BLOCK;
        // Four independent sums let the additions overlap.
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let r = 0; r < COVARIANCE_BLOCK; r += 4) {
          s0 += block[oa + r] * block[ob + r];
          s1 += block[oa + r + 1] * block[ob + r + 1];
          s2 += block[oa + r + 2] * block[ob + r + 2];
          s3 += block[oa + r + 3] * block[ob + r + 3];
        }
        cov[a * d + b] += s0 + s1 + s2 + s3;
      }
    }
  }
  const scale = 1 / (n - 1);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b] * scale;
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return cov;
}

function signOfLargest(axis: Float64Array): number {
  let best = 0;
  for (let t = 1; t < axis.length; t++) if (Math.abs(axis[t]) > Math.abs(axis[best])) best = t;
  return axis[best] < 0 ? -1 : 1;
}

function project(
  data: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
  components: Float64Array,
  dims: number,
): Float32Array {
  const coords = new Float32Array(n * dims);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let t = 0; t < d; t++) centred[t] = data[row + t] - mean[t];
    for (let c = 0; c < dims; c++) {
      const axis = c * d;
      let s = 0;
      for (let t = 0; t < d; t++) s += centred[t] * components[axis + t];
      coords[i * dims + c] = s;
    }
  }
  return coords;
}
