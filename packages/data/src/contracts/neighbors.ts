import { Table } from 'apache-arrow';
import { RefusedInput } from '../io/refusedInput';
import {
  fixedSizeListColumn,
  float32Column,
  int32Column,
  readFixedSizeList,
  readPrimitive,
} from './columns';
import { StageMetadata, encodeStageMetadata } from './metadata';
import { tableFromColumns } from './table';
import { uniqueIds } from './uniqueIds';

/**
 * The k nearest neighbours of every row of a set of points, self excluded, nearest first: what
 * every neighbour search returns (exact, approximate, k-d tree), what t-SNE and UMAP build their
 * affinities from, and `neighbors.arrow` in memory. Neighbours are rows (positions), not ids, so
 * the list can index the points' arrays directly; the file stores ids (see `neighborsToTable`).
 */
export interface NeighborList {
  /** Rows (points). */
  n: number;
  /** Neighbours per row. */
  k: number;
  /** `n × k` row indices, row-major; row i's neighbours are `indices[i*k .. i*k+k)`. */
  indices: Int32Array;
  /** `n × k` Euclidean distances, matching `indices`. */
  distances: Float32Array;
}

/**
 * `neighbors.arrow`: each embedded image's k nearest neighbours in code space, nearest first.
 * id: Int32; neighbors: FixedSizeList<Int32>[k] (their ids); distances: FixedSizeList<Float32>[k]
 * (Euclidean, in code space); metadata `k`, `method` (exact or approx).
 * `ids[r]` is the id of row r: the list's row indices are written as the ids of those rows.
 */
export function neighborsToTable(
  file: { ids: Int32Array; neighbors: NeighborList; method: string },
  meta: StageMetadata,
): Table {
  const { ids, neighbors, method } = file;
  if (ids.length !== neighbors.n)
    throw new RangeError(`${ids.length} ids for a neighbour list of ${neighbors.n} rows`);
  const neighborIds = Int32Array.from(neighbors.indices, (row) => ids[row]);
  return tableFromColumns(
    [
      { name: 'id', data: int32Column(ids) },
      { name: 'neighbors', data: fixedSizeListColumn(int32Column(neighborIds), neighbors.k) },
      {
        name: 'distances',
        data: fixedSizeListColumn(float32Column(neighbors.distances), neighbors.k),
      },
    ],
    encodeStageMetadata(meta, { k: String(neighbors.k), method }),
  );
}

/**
 * Reads `neighbors.arrow`: its ids, and its neighbour ids as rows of those ids (the file's own
 * row order). Refuses a neighbour id that is not one of the file's rows, naming the row.
 */
export function tableToNeighbors(
  table: Table,
  file = 'neighbors.arrow',
): { ids: Int32Array; neighbors: NeighborList; method: string } {
  const ids = uniqueIds(readPrimitive(table, 'id', Int32Array, file), file);
  const { values: neighborIds, size: k } = readFixedSizeList(table, 'neighbors', Int32Array, file);
  const { values: distances, size } = readFixedSizeList(table, 'distances', Float32Array, file);
  if (size !== k)
    throw new RefusedInput(
      `${file}: ${k} neighbours but ${size} distances per row; re-run the neighbours stage`,
    );
  const rowOf = new Map<number, number>();
  ids.forEach((id, row) => rowOf.set(id, row));
  const indices = new Int32Array(neighborIds.length);
  neighborIds.forEach((id, i) => {
    const row = rowOf.get(id);
    if (row === undefined) {
      throw new RefusedInput(
        `${file}: row ${Math.floor(i / k)} (counted from 0) lists neighbour id ${id}, which has no row of its own; re-run the neighbours stage`,
      );
    }
    indices[i] = row;
  });
  return {
    ids,
    neighbors: { n: ids.length, k, indices, distances },
    method: table.schema.metadata.get('method') ?? 'unknown',
  };
}
