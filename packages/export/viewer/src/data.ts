import {
  VIEWER_FORMAT,
  type ViewerArrayFile,
  type ViewerManifest,
} from '../../src/viewer/viewerManifest';

/** Everything the viewer needs up front; projection coordinates load on first use. */
export interface ViewerData {
  base: URL;
  manifest: ViewerManifest;
  ids: Int32Array;
  labels: Uint8Array;
  splits: Uint8Array;
  error: Float32Array;
  neighbors: Int32Array;
  neighborDistances: Float32Array;
  /** Point index of each id. */
  indexOfId: Map<number, number>;
  /** The source's metadata columns (path, category, a table's own), one value per point. */
  columns: Column[];
}

/** A metadata column as the viewer uses it. */
export type Column =
  | { name: string; kind: 'text'; values: string[]; codes: Int32Array }
  | { name: string; kind: 'number'; values: Float64Array; min: number; max: number };

const ARRAYS = {
  int32: Int32Array,
  uint8: Uint8Array,
  float32: Float32Array,
  float64: Float64Array,
};

async function fetchOk(url: URL): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status}`);
  return res;
}

/** A typed array file of the manifest (little-endian, as every browser's typed arrays are). */
export async function fetchArray(
  base: URL,
  file: ViewerArrayFile,
): Promise<Int32Array | Uint8Array | Float32Array | Float64Array> {
  const buffer = await (await fetchOk(new URL(file.path, base))).arrayBuffer();
  const array = new ARRAYS[file.dtype](buffer);
  if (array.length !== file.length) {
    throw new Error(
      `${file.path}: expected ${file.length} ${file.dtype} values, got ${array.length}`,
    );
  }
  return array;
}

export async function loadViewerData(base: URL): Promise<ViewerData> {
  const manifest: ViewerManifest = await (await fetchOk(new URL('manifest.json', base))).json();
  if (manifest.format !== VIEWER_FORMAT)
    throw new Error(`data format ${manifest.format} is newer than this viewer (${VIEWER_FORMAT})`);
  const [ids, labels, splits, error, neighbors, neighborDistances] = await Promise.all(
    [
      manifest.ids,
      manifest.labels,
      manifest.splits,
      manifest.reconstructionError,
      manifest.neighbors.indices,
      manifest.neighbors.distances,
    ].map((file) => fetchArray(base, file)),
  );
  const indexOfId = new Map<number, number>();
  (ids as Int32Array).forEach((id, i) => indexOfId.set(id, i));
  const columns = await Promise.all(
    (manifest.columns ?? []).map(async (column): Promise<Column> => {
      if (column.kind === 'text') {
        const codes = (await fetchArray(base, column.codes)) as Int32Array;
        return { name: column.name, kind: 'text', values: column.values, codes };
      }
      const values = (await fetchArray(base, column.values)) as Float64Array;
      return { name: column.name, kind: 'number', values, min: column.min, max: column.max };
    }),
  );
  return {
    base,
    manifest,
    ids: ids as Int32Array,
    labels: labels as Uint8Array,
    splits: splits as Uint8Array,
    error: error as Float32Array,
    neighbors: neighbors as Int32Array,
    neighborDistances: neighborDistances as Float32Array,
    indexOfId,
    columns,
  };
}

/** Loads each projection's planar coordinates once. */
export function projectionCoordinates(data: ViewerData): (index: number) => Promise<Float32Array> {
  const cache = new Map<number, Promise<Float32Array>>();
  return (index) => {
    let coords = cache.get(index);
    if (!coords) {
      coords = fetchArray(
        data.base,
        data.manifest.projections[index].coords,
      ) as Promise<Float32Array>;
      cache.set(index, coords);
    }
    return coords;
  };
}
