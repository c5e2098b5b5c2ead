/**
 * The viewer's data contract: `data/manifest.json` describes the binary files beside it.
 * The browser app imports these types, so writer and reader cannot drift apart.
 * Every binary file is a little-endian typed array with one entry (or `k` entries) per point,
 * in the embeddings' row order; point `i` of every file is the same image.
 */
export const VIEWER_FORMAT = 1;

/** Folder of the data files, relative to the viewer's index.html. */
export const VIEWER_DATA_DIR = 'data';

export type ViewerDtype = 'int32' | 'uint8' | 'float32' | 'float64';

export interface ViewerArrayFile {
  /** Path relative to the manifest. */
  path: string;
  dtype: ViewerDtype;
  /** Number of elements (not bytes). */
  length: number;
}

export interface ViewerProjection {
  name: string;
  method: string;
  /** The method for people (`t-SNE`), when the export was given it; the viewer shows `method` otherwise. */
  displayName?: string;
  /** 2 or 3. */
  dims: number;
  /** Planar coordinates: all x, then all y (then all z), Float32. */
  coords: ViewerArrayFile;
  params: Record<string, unknown>;
  quality: Record<string, number>;
  explainedVarianceRatio?: number[];
  stats?: Record<string, number>;
}

export interface ViewerThumbnails {
  /** One PNG atlas (grey or RGB) per `perPage` points: point i is cell i % perPage of page ⌊i / perPage⌋. */
  pages: string[];
  perPage: number;
  /** Cells per atlas row (pages are square grids of `perRow × perRow` cells). */
  perRow: number[];
  cellRows: number;
  cellCols: number;
}

/**
 * A metadata column of the source (path, category, a table's own), to colour and search by.
 * Text: its distinct values in order of first appearance, and per point the index of its value
 * (Int32). Numbers: Float64 per point, NaN when missing, with the finite range.
 */
export type ViewerColumn =
  | { name: string; kind: 'text'; values: string[]; codes: ViewerArrayFile }
  | { name: string; kind: 'number'; values: ViewerArrayFile; min: number; max: number };

export interface ViewerManifest {
  format: number;
  /** A name for the page title, e.g. the dataset source. */
  title: string;
  count: number;
  classNames: string[];
  splitNames: string[];
  ids: ViewerArrayFile;
  labels: ViewerArrayFile;
  splits: ViewerArrayFile;
  reconstructionError: ViewerArrayFile & { min: number; max: number };
  neighbors: {
    k: number;
    /** What the neighbours were computed on. */
    space: string;
    indices: ViewerArrayFile;
    distances: ViewerArrayFile;
  };
  thumbnails: ViewerThumbnails;
  projections: ViewerProjection[];
  /** The source's metadata columns; absent when it has none. */
  columns?: ViewerColumn[];
}
