import { exactKnn } from '../knn';

/** Share of points whose label equals the majority label of their k nearest embedded neighbours. */
export function knnLabelAccuracy(coords: Float32Array, n: number, dims: number, labels: ArrayLike<number>, k: number): number {
  const graph = exactKnn(coords, n, dims, k);
  const votes = new Map<number, number>();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    votes.clear();
    let best = -1;
    let bestVotes = 0;
    for (let t = 0; t < k; t++) {
      const label = labels[graph.indices[i * k + t]];
      const v = (votes.get(label) ?? 0) + 1;
      votes.set(label, v);
      if (v > bestVotes) {
        bestVotes = v;
        best = label;
      }
    }
    if (best === labels[i]) hits++;
  }
  return hits / n;
}
