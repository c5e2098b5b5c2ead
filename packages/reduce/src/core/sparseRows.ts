import type { NeighborList } from '@latentlens/data';

/**
 * A sparse n × n matrix in compressed sparse rows: the weighted, symmetric graphs built from a
 * `NeighborList` (UMAP's fuzzy set, t-SNE's P). Not a neighbour list: its rows differ in length
 * (a row gains the edges pointing at it) and carry weights instead of distances, in no order.
 */
export interface SparseRows {
  n: number;
  /** `n + 1` offsets: row i is `cols/vals[rowPtr[i] .. rowPtr[i+1])`. */
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/**
 * The symmetric matrix of a neighbour graph carrying `values` (one per edge, `n * k`): entry
 * (i, j) is the value of edge i→j, of edge j→i, or `merge` of both when each row lists the other.
 * Rows hold their own edges first, in list order, then the reverse ones; no column twice.
 */
export function symmetrize(
  graph: NeighborList,
  values: Float64Array,
  merge: (x: number, y: number) => number,
): SparseRows {
  const { n, k, indices } = graph;
  // Each directed edge i→j lands in row i and in row j; count the upper bound per row first.
  const bound = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    bound[i + 1] += k;
    for (let t = 0; t < k; t++) bound[indices[i * k + t] + 1]++;
  }
  for (let i = 0; i < n; i++) bound[i + 1] += bound[i];
  const rawCols = new Int32Array(bound[n]);
  const rawVals = new Float64Array(bound[n]);
  const fill = bound.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t];
      const v = values[i * k + t];
      rawCols[fill[i]] = j;
      rawVals[fill[i]++] = v;
      rawCols[fill[j]] = i;
      rawVals[fill[j]++] = v;
    }
  }
  // Merge duplicates (mutual neighbours) row by row with a column → slot marker.
  const slot = new Int32Array(n).fill(-1);
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(bound[n]);
  const vals = new Float64Array(bound[n]);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const start = nnz;
    for (let e = bound[i]; e < bound[i + 1]; e++) {
      const j = rawCols[e];
      if (slot[j] >= start) {
        vals[slot[j]] = merge(vals[slot[j]], rawVals[e]);
      } else {
        slot[j] = nnz;
        cols[nnz] = j;
        vals[nnz++] = rawVals[e];
      }
    }
    rowPtr[i + 1] = nnz;
  }
  return { n, rowPtr, cols: cols.slice(0, nnz), vals: vals.slice(0, nnz) };
}
