import { Table } from 'apache-arrow';
import {
  fixedSizeListColumn,
  float32Column,
  int32Column,
  readFixedSizeList,
  readPrimitive,
} from './columns';
import { StageMetadata, encodeStageMetadata } from './metadata';
import { tableFromColumns } from './table';

/**
 * `neighbors.arrow`: each embedded image's k nearest neighbours in code space, nearest first.
 * id: Int32; neighbors: FixedSizeList<Int32>[k] (their ids); distances: FixedSizeList<Float32>[k]
 * (Euclidean, in code space); metadata `k`, `method` (exact or approx).
 */
export interface NeighborTable {
  ids: Int32Array;
  k: number;
  /** `n × k` neighbour ids, row-major. */
  neighborIds: Int32Array;
  /** `n × k` distances, matching `neighborIds`. */
  distances: Float32Array;
  method: string;
}

export function neighborsToTable(t: NeighborTable, meta: StageMetadata): Table {
  return tableFromColumns(
    [
      { name: 'id', data: int32Column(t.ids) },
      { name: 'neighbors', data: fixedSizeListColumn(int32Column(t.neighborIds), t.k) },
      { name: 'distances', data: fixedSizeListColumn(float32Column(t.distances), t.k) },
    ],
    encodeStageMetadata(meta, { k: String(t.k), method: t.method }),
  );
}

export function tableToNeighbors(table: Table, file = 'neighbors.arrow'): NeighborTable {
  const { values: neighborIds, size: k } = readFixedSizeList(table, 'neighbors', Int32Array, file);
  const { values: distances } = readFixedSizeList(table, 'distances', Float32Array, file);
  return {
    ids: readPrimitive(table, 'id', Int32Array, file),
    k,
    neighborIds,
    distances,
    method: table.schema.metadata.get('method') ?? 'unknown',
  };
}
