import { Table } from 'apache-arrow';
import {
  fixedSizeListColumn,
  float32Column,
  int32Column,
  readFixedSizeList,
  readPrimitive,
  readSplitCodes,
  splitColumn,
  uint8Column,
} from './columns';
import { StageMetadata, encodeStageMetadata } from './metadata';
import { tableFromColumns } from './table';
import { uniqueIds } from './uniqueIds';

/**
 * `embeddings.arrow`: one row per encoded image.
 * id, split, label as in the dataset; embedding: FixedSizeList<Float32>[dim];
 * reconstructionError: Float32 — written by encode only: vectors brought by a table (the data
 * stage writes them) were not made by our autoencoder, so the column is absent there.
 */
export interface Embeddings {
  ids: Int32Array;
  splits: Uint8Array;
  labels: Uint8Array;
  /** Row-major codes, `dim` per image. */
  values: Float32Array;
  dim: number;
  /** How far each image's reconstruction is from it; absent when the vectors are not our autoencoder's. */
  reconstructionError?: Float32Array;
}

export function embeddingsToTable(e: Embeddings, meta: StageMetadata): Table {
  return tableFromColumns(
    [
      { name: 'id', data: int32Column(e.ids) },
      { name: 'split', data: splitColumn(e.splits) },
      { name: 'label', data: uint8Column(e.labels) },
      { name: 'embedding', data: fixedSizeListColumn(float32Column(e.values), e.dim) },
      ...(e.reconstructionError
        ? [{ name: 'reconstructionError', data: float32Column(e.reconstructionError) }]
        : []),
    ],
    encodeStageMetadata(meta, { dim: String(e.dim) }),
  );
}

export function tableToEmbeddings(table: Table, file = 'embeddings.arrow'): Embeddings {
  const { values, size } = readFixedSizeList(table, 'embedding', Float32Array, file);
  return {
    ids: uniqueIds(readPrimitive(table, 'id', Int32Array, file), file),
    splits: readSplitCodes(table, file),
    labels: readPrimitive(table, 'label', Uint8Array, file),
    values,
    dim: size,
    ...(table.getChild('reconstructionError') && {
      reconstructionError: readPrimitive(table, 'reconstructionError', Float32Array, file),
    }),
  };
}
