import { sampleIndices, seededRandom } from '../src/core/random';

/** Rows the recall is measured on (brute force over all rows for each). */
export const RECALL_SAMPLE = 1000;

/**
 * Share of found neighbours no farther than the true k-th nearest, over 1,000 rows sampled with
 * seed 1: recall@k against brute force. `found` holds k row ids per row, self excluded.
 */
export function sampledRecall(
  data: Float32Array,
  n: number,
  d: number,
  found: Int32Array,
  k: number,
): number {
  const rows = sampleIndices(seededRandom(1), n, RECALL_SAMPLE);
  const dist = new Float64Array(n);
  let hits = 0;
  for (const q of rows) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (data[q * d + t] - data[j * d + t]) ** 2;
      dist[j] = j === q ? Infinity : s;
    }
    const kth = Float64Array.from(dist).sort()[k - 1];
    for (let p = 0; p < k; p++) if (dist[found[q * k + p]] <= kth) hits++;
  }
  return hits / (rows.length * k);
}
