import type { RandomSource } from '../random';
import type { SparseRows } from '../sparseRows';

const NEGATIVE_SAMPLE_RATE = 5;
const REPULSION_STRENGTH = 1;
const INITIAL_LEARNING_RATE = 1;
const CLIP = 4;

/** The edges UMAP samples: each stored entry (i, j) of the symmetric fuzzy set, and how often. */
export interface SampledEdges {
  head: Int32Array;
  tail: Int32Array;
  /** Epochs between two samples of the edge: max weight / weight. */
  epochsPerSample: Float64Array;
}

/**
 * The edges of `graph`, without those too weak to be sampled once in `epochs` (weight below
 * max / epochs), as umap-learn drops them.
 */
export function sampledEdges(graph: SparseRows, epochs: number): SampledEdges {
  const { n, rowPtr, cols, vals } = graph;
  let max = 0;
  for (let e = 0; e < vals.length; e++) if (vals[e] > max) max = vals[e];
  const threshold = max / epochs;
  let count = 0;
  for (let e = 0; e < vals.length; e++) if (vals[e] >= threshold && vals[e] > 0) count++;
  const head = new Int32Array(count);
  const tail = new Int32Array(count);
  const epochsPerSample = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      if (!(vals[e] >= threshold && vals[e] > 0)) continue;
      head[at] = i;
      tail[at] = cols[e];
      epochsPerSample[at++] = max / vals[e];
    }
  }
  return { head, tail, epochsPerSample };
}

/**
 * UMAP's stochastic gradient descent (umap-learn's `optimize_layout_euclidean`), in place on
 * `coords`: each epoch, every edge due is pulled together (both ends move) and its head pushed
 * away from `NEGATIVE_SAMPLE_RATE` random points per sample, with gradients clipped to ±4 and a
 * learning rate falling linearly to 0. One thread, in edge order: the same seed gives the same
 * bytes.
 */
export function optimizeLayout(
  coords: Float64Array,
  dims: number,
  edges: SampledEdges,
  epochs: number,
  curve: { a: number; b: number },
  random: RandomSource,
  onEpoch?: (epoch: number) => void,
): void {
  const { head, tail, epochsPerSample } = edges;
  const { a, b } = curve;
  const n = coords.length / dims;
  const count = head.length;
  const nextSample = Float64Array.from(epochsPerSample);
  const epochsPerNegative = epochsPerSample.map((e) => e / NEGATIVE_SAMPLE_RATE);
  const nextNegative = Float64Array.from(epochsPerNegative);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const alpha = INITIAL_LEARNING_RATE * (1 - epoch / epochs);
    for (let e = 0; e < count; e++) {
      if (nextSample[e] > epoch) continue;
      const j = head[e];
      const k = tail[e];
      const cj = j * dims;
      const ck = k * dims;
      let d2 = 0;
      for (let t = 0; t < dims; t++) {
        const diff = coords[cj + t] - coords[ck + t];
        d2 += diff * diff;
      }
      if (d2 > 0) {
        // exp(b log x) is x^b at half the cost of Math.pow in V8.
        const power = Math.exp(b * Math.log(d2));
        // -2ab d^(2(b-1)) / (1 + a d^(2b)), with d^(2(b-1)) = power / d2.
        const coefficient = (-2 * a * b * (power / d2)) / (a * power + 1);
        for (let t = 0; t < dims; t++) {
          const g = clip(coefficient * (coords[cj + t] - coords[ck + t])) * alpha;
          coords[cj + t] += g;
          coords[ck + t] -= g;
        }
      }
      nextSample[e] += epochsPerSample[e];
      const negatives = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
      for (let p = 0; p < negatives; p++) {
        const other = Math.floor(random() * n);
        const co = other * dims;
        let o2 = 0;
        for (let t = 0; t < dims; t++) {
          const diff = coords[cj + t] - coords[co + t];
          o2 += diff * diff;
        }
        // Coincident points (the head itself, or a duplicate) exert no push.
        if (!(o2 > 0)) continue;
        const coefficient =
          (2 * REPULSION_STRENGTH * b) / ((0.001 + o2) * (a * Math.exp(b * Math.log(o2)) + 1));
        for (let t = 0; t < dims; t++)
          coords[cj + t] += clip(coefficient * (coords[cj + t] - coords[co + t])) * alpha;
      }
      nextNegative[e] += negatives * epochsPerNegative[e];
    }
    onEpoch?.(epoch + 1);
  }
}

function clip(x: number): number {
  return x > CLIP ? CLIP : x < -CLIP ? -CLIP : x;
}
