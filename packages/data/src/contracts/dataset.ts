import { Table } from 'apache-arrow';
import {
  fixedSizeListColumn,
  int32Column,
  readFixedSizeList,
  readPrimitive,
  readSplitCodes,
  splitColumn,
  uint8Column,
} from './columns';
import { StageMetadata, decodeStageMetadata, encodeStageMetadata } from './metadata';
import { tableFromColumns } from './table';
import { uniqueIds } from './uniqueIds';

/**
 * `dataset.arrow`: one row per image.
 * id: Int32, split: Dictionary<Utf8> (train/test), label: Uint8,
 * pixels: FixedSizeList<Uint8>[rows*cols]; metadata rows, cols, classNames (JSON), source.
 */
export interface Dataset {
  ids: Int32Array;
  /** 0 = train, 1 = test (see SPLIT_NAMES). */
  splits: Uint8Array;
  labels: Uint8Array;
  /** Row-major grey levels, `rows * cols` per image. */
  pixels: Uint8Array;
  rows: number;
  cols: number;
  classNames: string[];
  /** Name of the source the images came from (mnist, fashion-mnist, idx, bundled). */
  source: string;
}

export function datasetSize(ds: Dataset): number {
  return ds.ids.length;
}

export function datasetToTable(ds: Dataset, meta: StageMetadata): Table {
  const pixelsPerImage = ds.rows * ds.cols;
  if (ds.pixels.length !== ds.ids.length * pixelsPerImage) {
    throw new Error(
      `dataset has ${ds.ids.length} ids but ${ds.pixels.length / pixelsPerImage} images of ${ds.rows}×${ds.cols}`,
    );
  }
  const metadata = encodeStageMetadata(meta, {
    rows: String(ds.rows),
    cols: String(ds.cols),
    classNames: JSON.stringify(ds.classNames),
    source: ds.source,
  });
  return tableFromColumns(
    [
      { name: 'id', data: int32Column(ds.ids) },
      { name: 'split', data: splitColumn(ds.splits) },
      { name: 'label', data: uint8Column(ds.labels) },
      { name: 'pixels', data: fixedSizeListColumn(uint8Column(ds.pixels), pixelsPerImage) },
    ],
    metadata,
  );
}

export function tableToDataset(table: Table, file = 'dataset.arrow'): Dataset {
  const md = table.schema.metadata;
  const rows = Number(md.get('rows'));
  const cols = Number(md.get('cols'));
  if (!(rows > 0 && cols > 0)) throw new Error(`${file}: schema metadata lacks rows/cols`);
  const { values: pixels, size } = readFixedSizeList(table, 'pixels', Uint8Array, file);
  if (size !== rows * cols) {
    throw new Error(`${file}: pixels hold ${size} values per image, metadata says ${rows}×${cols}`);
  }
  return {
    ids: uniqueIds(readPrimitive(table, 'id', Int32Array, file), file),
    splits: readSplitCodes(table, file),
    labels: readPrimitive(table, 'label', Uint8Array, file),
    pixels,
    rows,
    cols,
    classNames: JSON.parse(md.get('classNames') ?? '[]'),
    source: md.get('source') ?? 'unknown',
  };
}

export function datasetMetadata(table: Table): StageMetadata {
  return decodeStageMetadata(table.schema.metadata);
}
