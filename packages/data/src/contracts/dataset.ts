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
import {
  MetadataColumn,
  checkMetadataColumns,
  metadataColumnData,
  readMetadataColumns,
} from './metadataColumns';
import { tableFromColumns } from './table';
import { uniqueIds } from './uniqueIds';

/** The channel counts a dataset may have: grey, or interleaved RGB. */
export const CHANNELS = [1, 3];

/**
 * `dataset.arrow`: one row per image.
 * id: Int32, split: Dictionary<Utf8> (train/test), label: Uint8,
 * pixels: FixedSizeList<Uint8>[rows*cols*channels]; metadata rows, cols, classNames (JSON), source,
 * and `channels` only when it is not 1 (absent means 1, so grey files stay byte-identical to those
 * written before colour existed, and old files still read).
 * Then any metadata columns (`metadataColumns.ts`), after the pixels, in the source's order.
 * A dataset without images (vectors from a table, no thumbnails) has no pixels column and no
 * rows/cols keys: in memory rows = cols = 0 and `pixels` is empty (see `hasImages`).
 */
export interface Dataset {
  ids: Int32Array;
  /** 0 = train, 1 = test (see SPLIT_NAMES). */
  splits: Uint8Array;
  labels: Uint8Array;
  /**
   * Row-major pixels, `rows * cols * channels` per image: grey levels, or interleaved R, G, B
   * when `channels` is 3.
   */
  pixels: Uint8Array;
  rows: number;
  cols: number;
  /** 1 (grey, the default when absent) or 3 (RGB). */
  channels?: number;
  classNames: string[];
  /** Name of the source the images came from (mnist, fashion-mnist, idx, bundled). */
  source: string;
  /** Columns for people to read (path, category, a table's own columns); absent means none. */
  columns?: MetadataColumn[];
}

/** Whether the rows carry images (thumbnails, a sprite, reconstructions) or only metadata. */
export function hasImages(ds: Pick<Dataset, 'rows' | 'cols'>): boolean {
  return ds.rows > 0 && ds.cols > 0;
}

export function datasetSize(ds: Dataset): number {
  return ds.ids.length;
}

/** Values per image: rows × cols × channels. */
export function valuesPerImage(ds: Pick<Dataset, 'rows' | 'cols' | 'channels'>): number {
  return ds.rows * ds.cols * (ds.channels ?? 1);
}

export function datasetToTable(ds: Dataset, meta: StageMetadata): Table {
  const pixelsPerImage = valuesPerImage(ds);
  const channels = ds.channels ?? 1;
  if (!CHANNELS.includes(channels)) throw new Error(`dataset has ${channels} channels (1 or 3)`);
  if (ds.pixels.length !== ds.ids.length * pixelsPerImage) {
    throw new Error(
      `dataset has ${ds.ids.length} ids but ${ds.pixels.length / pixelsPerImage} images of ${ds.rows}×${ds.cols}×${channels}`,
    );
  }
  const images = hasImages(ds);
  const metadata = encodeStageMetadata(meta, {
    ...(images && { rows: String(ds.rows), cols: String(ds.cols) }),
    // Only colour writes the key: grey files stay as they were before colour existed.
    ...(channels !== 1 && { channels: String(channels) }),
    classNames: JSON.stringify(ds.classNames),
    source: ds.source,
  });
  const columns = ds.columns ?? [];
  checkMetadataColumns(columns, ds.ids.length, 'dataset');
  return tableFromColumns(
    [
      { name: 'id', data: int32Column(ds.ids) },
      { name: 'split', data: splitColumn(ds.splits) },
      { name: 'label', data: uint8Column(ds.labels) },
      ...(images
        ? [{ name: 'pixels', data: fixedSizeListColumn(uint8Column(ds.pixels), pixelsPerImage) }]
        : []),
      // Dictionary ids from 1: the split column's is 0.
      ...columns.map((c, i) => ({ name: c.name, data: metadataColumnData(c, 1 + i) })),
    ],
    metadata,
  );
}

/** The columns every dataset has; any other is a metadata column. */
const DATASET_COLUMNS: ReadonlySet<string> = new Set(['id', 'split', 'label', 'pixels']);

export function tableToDataset(table: Table, file = 'dataset.arrow'): Dataset {
  const md = table.schema.metadata;
  const columns = readMetadataColumns(table, DATASET_COLUMNS, file);
  const images = table.getChild('pixels') !== null;
  const rows = images ? Number(md.get('rows')) : 0;
  const cols = images ? Number(md.get('cols')) : 0;
  if (images && !(rows > 0 && cols > 0))
    throw new Error(`${file}: schema metadata lacks rows/cols`);
  const channels = Number(md.get('channels') ?? 1);
  if (!CHANNELS.includes(channels))
    throw new Error(`${file}: schema metadata says channels ${md.get('channels')} (1 or 3)`);
  const { values: pixels, size } = images
    ? readFixedSizeList(table, 'pixels', Uint8Array, file)
    : { values: new Uint8Array(0), size: 0 };
  if (size !== rows * cols * channels) {
    throw new Error(
      `${file}: pixels hold ${size} values per image, metadata says ${rows}×${cols}${channels === 1 ? '' : `×${channels}`}`,
    );
  }
  return {
    ids: uniqueIds(readPrimitive(table, 'id', Int32Array, file), file),
    splits: readSplitCodes(table, file),
    labels: readPrimitive(table, 'label', Uint8Array, file),
    pixels,
    rows,
    cols,
    ...(channels !== 1 && { channels }),
    classNames: JSON.parse(md.get('classNames') ?? '[]'),
    source: md.get('source') ?? 'unknown',
    ...(columns.length > 0 && { columns }),
  };
}

export function datasetMetadata(table: Table): StageMetadata {
  return decodeStageMetadata(table.schema.metadata);
}
