import { UMAP } from 'umap-js';
import type { RandomSource } from '../random';
import type { SparseRows } from '../sparseRows';

/** One stored entry of a sparse matrix, the shape umap-js's `SparseMatrix.getAll` returns. */
interface MatrixEntry {
  value: number;
  row: number;
  col: number;
}

/** The part of umap-js's `SparseMatrix` that its layout set-up reads from the fuzzy graph. */
interface FuzzyGraphView {
  nRows: number;
  nCols: number;
  getValues(): number[];
  map(fn: (value: number, row: number, col: number) => number): FuzzyGraphView;
  getAll(): MatrixEntry[];
}

/**
 * The two private steps of umap-js 1.4 that we replace (the version is pinned exactly in
 * package.json, and umapJsWithGraph.test.ts checks that the replacement yields the same edges as umap-js's
 * own graph): building the fuzzy graph, and the search graph it keeps only for `transform`.
 */
interface GraphSteps {
  fuzzySimplicialSet(): FuzzyGraphView;
  makeSearchGraph(): undefined;
}

export interface UmapJsSettings {
  dims: 2 | 3;
  neighbors: number;
  minDist: number;
  spread: number;
  epochs: number;
  negativeSampleRate: number;
  learningRate: number;
}

/**
 * A umap-js `UMAP`, ready to `step()`, whose fuzzy simplicial set is `fuzzy` (our typed-array
 * build of the set umap-js would make from the same neighbours). umap-js builds that set with sparse
 * matrices keyed by strings, which at 70,000 rows costs about 35 s and 4 GB; its initial
 * layout and stochastic descent, the part that defines UMAP's picture, run unchanged.
 */
export function umapJsWithGraph(
  fuzzy: SparseRows,
  settings: UmapJsSettings,
  random: RandomSource,
): UMAP {
  const umap = new UMAP({
    nComponents: settings.dims,
    nNeighbors: settings.neighbors,
    minDist: settings.minDist,
    spread: settings.spread,
    nEpochs: settings.epochs,
    negativeSampleRate: settings.negativeSampleRate,
    learningRate: settings.learningRate,
    random,
  });
  // Only so that umap-js skips its own neighbour search: the two steps that would read these
  // lists are the ones replaced below.
  umap.setPrecomputedKNN([], []);
  const steps: GraphSteps = {
    fuzzySimplicialSet: () => graphView(fuzzy),
    makeSearchGraph: () => undefined,
  };
  Object.assign(umap, steps);
  // umap-js reads only the row count of its input once the graph is given.
  umap.initializeFit(Array.from({ length: fuzzy.n }, () => []));
  return umap;
}

/** `rows` as umap-js's SparseMatrix presents it: entries ordered by row, then column. */
function graphView(rows: SparseRows): FuzzyGraphView {
  const order = columnOrder(rows);
  const view = (values: Float64Array): FuzzyGraphView => ({
    nRows: rows.n,
    nCols: rows.n,
    getValues: () => Array.from(order, (e) => values[e]),
    map: (fn) => {
      const mapped = new Float64Array(values.length);
      for (let i = 0; i < rows.n; i++) {
        for (let e = rows.rowPtr[i]; e < rows.rowPtr[i + 1]; e++)
          mapped[e] = fn(values[e], i, rows.cols[e]);
      }
      return view(mapped);
    },
    getAll: () => {
      const entries: MatrixEntry[] = [];
      for (let i = 0; i < rows.n; i++) {
        for (let p = rows.rowPtr[i]; p < rows.rowPtr[i + 1]; p++) {
          const e = order[p];
          entries.push({ value: values[e], row: i, col: rows.cols[e] });
        }
      }
      return entries;
    },
  });
  return view(rows.vals);
}

/** Entry positions of `rows`, each row's sorted by column. */
function columnOrder(rows: SparseRows): Int32Array {
  const order = Int32Array.from({ length: rows.cols.length }, (_, e) => e);
  for (let i = 0; i < rows.n; i++) {
    order.subarray(rows.rowPtr[i], rows.rowPtr[i + 1]).sort((x, y) => rows.cols[x] - rows.cols[y]);
  }
  return order;
}
