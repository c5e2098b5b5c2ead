import {
  Embeddings,
  MetadataColumn,
  NeighborList,
  Projection,
  SPLIT_NAMES,
} from '@latentlens/data';
import { float32Bytes } from '../core/float32Bytes';
import { float64Bytes, int32Bytes } from './littleEndian';
import { thumbnailPages } from './thumbnailPages';
import {
  VIEWER_DATA_DIR,
  VIEWER_FORMAT,
  ViewerArrayFile,
  ViewerColumn,
  ViewerManifest,
  ViewerProjection,
} from './viewerManifest';
import { sameIds } from '../core/sameIds';
import type { VectorNames } from '../core/vectorNames';
import type { NamedProjectionInfo } from '../figures/captions';

export interface ViewerDataInput {
  embeddings: Embeddings;
  /** Class name per label. */
  classNames: string[];
  /** Images in the embeddings' row order, `rows × cols × channels` each (channels 1 when absent). */
  thumbnails: { pixels: Uint8Array; rows: number; cols: number; channels?: number };
  /** Every projection, rows in the embeddings' order; its method's display name shows when given. */
  projections: (Projection & { info: NamedProjectionInfo })[];
  /** The source's metadata columns, rows in the embeddings' order. */
  columns?: MetadataColumn[];
  /**
   * Each point's nearest neighbours in code space, rows in the embeddings' order: the neighbours
   * stage's `neighbors.arrow` (the export searches none of its own).
   */
  neighbors: NeighborList;
  /** What the vectors are: the viewer names the neighbours' space by it. */
  vectors: VectorNames;
  /** Shown as the page title. */
  title?: string;
}

/** Files of the viewer's data folder: path relative to the viewer folder → bytes. */
export type ViewerFiles = Map<string, Uint8Array>;

/** The range of the finite values (NaN marks a missing one), [0, 0] when there is none. */
function finiteRange(values: Float32Array | Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/** Text as distinct values (in order of first appearance) and one index per row. */
function textCodes(values: string[]): { distinct: string[]; codes: Int32Array } {
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    let code = index.get(v);
    if (code === undefined) index.set(v, (code = index.size));
    return code;
  });
  return { distinct: [...index.keys()], codes };
}

function planar(p: Projection): Float32Array {
  const n = p.ids.length;
  const out = new Float32Array(n * p.dims);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p.dims; a++) out[a * n + i] = p.coords[i * p.dims + a];
  return out;
}

/**
 * Turns the pipeline's artifacts into the browser viewer's data: `data/manifest.json` plus
 * compact binaries (Int32 ids, Uint8 labels and splits, Float32 errors and planar coordinates,
 * Int32 neighbour lists with Float32 distances) and PNG thumbnail pages (grey or RGB).
 * Pure: returns the files; the caller writes them next to the built app (see `writeViewer`).
 */
export function viewerData(input: ViewerDataInput): ViewerFiles {
  const e = input.embeddings;
  const n = e.ids.length;
  const { pixels, rows, cols, channels = 1 } = input.thumbnails;
  if (pixels.length !== n * rows * cols * channels) {
    throw new RangeError(
      `thumbnails hold ${pixels.length / (rows * cols * channels)} images for ${n} points`,
    );
  }
  for (const p of input.projections) {
    if (p.dims < 2 || p.dims > 3)
      throw new RangeError(
        `projection "${p.info.name}" has ${p.dims} axes; the viewer shows 2 or 3`,
      );
    if (!sameIds(p.ids, e.ids)) {
      throw new Error(`projection "${p.info.name}": its rows do not match the embeddings`);
    }
  }
  const { neighbors } = input;
  if (
    neighbors.n !== n ||
    neighbors.indices.length !== n * neighbors.k ||
    neighbors.distances.length !== n * neighbors.k
  ) {
    throw new RangeError(
      `the neighbour list does not hold ${neighbors.k} entries for each of ${n} points`,
    );
  }

  const errors = e.reconstructionError ?? new Float32Array(n).fill(NaN);
  const files: ViewerFiles = new Map();
  const add = (
    name: string,
    dtype: ViewerArrayFile['dtype'],
    length: number,
    bytes: Uint8Array,
  ): ViewerArrayFile => {
    files.set(`${VIEWER_DATA_DIR}/${name}`, bytes);
    return { path: name, dtype, length };
  };
  // A table without images has no thumbnails: no pages.
  const thumbs =
    rows > 0 && cols > 0
      ? thumbnailPages(pixels, n, rows, cols, channels)
      : { pages: [], perPage: 0, perRow: [], cellRows: 0, cellCols: 0 };
  const pageNames = thumbs.pages.map((png, i) => {
    const name = `thumbnails-${i}.png`;
    files.set(`${VIEWER_DATA_DIR}/${name}`, png);
    return name;
  });
  const projections: ViewerProjection[] = input.projections.map((p, i) => ({
    name: p.info.name,
    method: p.info.method,
    ...(p.info.displayName !== undefined ? { displayName: p.info.displayName } : {}),
    dims: p.dims,
    coords: add(`projection-${i}.bin`, 'float32', n * p.dims, float32Bytes(planar(p))),
    params: p.info.params,
    quality: p.info.quality,
    ...(p.info.explainedVarianceRatio
      ? { explainedVarianceRatio: p.info.explainedVarianceRatio }
      : {}),
    ...(p.info.stats ? { stats: p.info.stats } : {}),
  }));
  const columns: ViewerColumn[] = (input.columns ?? []).map((column, i) => {
    if (column.values.length !== n)
      throw new RangeError(
        `column "${column.name}" has ${column.values.length} values for ${n} points`,
      );
    if (column.kind === 'text') {
      const { distinct, codes } = textCodes(column.values);
      const file = add(`column-${i}.bin`, 'int32', n, int32Bytes(codes));
      return { name: column.name, kind: 'text', values: distinct, codes: file };
    }
    return {
      name: column.name,
      kind: 'number',
      values: add(`column-${i}.bin`, 'float64', n, float64Bytes(column.values)),
      ...finiteRange(column.values),
    };
  });
  const manifest: ViewerManifest = {
    format: VIEWER_FORMAT,
    title: input.title ?? 'latentlens',
    count: n,
    classNames: input.classNames,
    splitNames: [...SPLIT_NAMES],
    ids: add('ids.bin', 'int32', n, int32Bytes(e.ids)),
    labels: add('labels.bin', 'uint8', n, e.labels.slice()),
    splits: add('splits.bin', 'uint8', n, e.splits.slice()),
    // Vectors from a table were not made by our autoencoder: their errors are missing (NaN).
    reconstructionError: {
      ...add('reconstruction-error.bin', 'float32', n, float32Bytes(errors)),
      ...finiteRange(errors),
    },
    neighbors: {
      k: neighbors.k,
      space: input.vectors.space(e.dim),
      indices: add('neighbors.bin', 'int32', n * neighbors.k, int32Bytes(neighbors.indices)),
      distances: add(
        'neighbor-distances.bin',
        'float32',
        n * neighbors.k,
        float32Bytes(neighbors.distances),
      ),
    },
    thumbnails: {
      pages: pageNames,
      perPage: thumbs.perPage,
      perRow: thumbs.perRow,
      cellRows: thumbs.cellRows,
      cellCols: thumbs.cellCols,
    },
    projections,
    ...(columns.length > 0 && { columns }),
  };
  files.set(
    `${VIEWER_DATA_DIR}/manifest.json`,
    new TextEncoder().encode(JSON.stringify(manifest, null, 1) + '\n'),
  );
  return files;
}
