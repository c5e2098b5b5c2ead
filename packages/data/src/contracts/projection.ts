import { Table } from 'apache-arrow';
import { float32Column, int32Column, readPrimitive } from './columns';
import { StageMetadata, encodeStageMetadata } from './metadata';
import { tableFromColumns } from './table';

const AXES = ['x', 'y', 'z'] as const;

/** What a reduction reports about itself, stored as JSON in `latentlens.projection`. */
export interface ProjectionInfo {
  /** Name of the reduction stage (`tsne`, `tsne-p50`, …). */
  name: string;
  method: string;
  params: Record<string, unknown>;
  /** Quality metrics, e.g. knn10 label accuracy and trustworthiness. */
  quality: Record<string, number>;
  /** PCA only: explained-variance ratio per component. */
  explainedVarianceRatio?: number[];
  /** Method-specific figures such as the final KL divergence of t-SNE. */
  stats?: Record<string, number>;
}

/**
 * `projection.arrow`: id, x, y (and z for 3-D) as Float32.
 * Coordinates are kept interleaved in memory (`dims` per point), like every core returns them.
 */
export interface Projection {
  ids: Int32Array;
  dims: number;
  coords: Float32Array;
  info: ProjectionInfo;
}

export const PROJECTION_INFO_KEY = 'latentlens.projection';

export function projectionToTable(p: Projection, meta: StageMetadata): Table {
  const n = p.ids.length;
  if (p.dims < 1 || p.dims > 3) throw new Error(`a projection has 1 to 3 axes, got ${p.dims}`);
  const axes = AXES.slice(0, p.dims).map((name, a) => {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = p.coords[i * p.dims + a];
    return { name, data: float32Column(values) };
  });
  return tableFromColumns(
    [{ name: 'id', data: int32Column(p.ids) }, ...axes],
    encodeStageMetadata(meta, { [PROJECTION_INFO_KEY]: JSON.stringify(p.info) }),
  );
}

export function tableToProjection(table: Table, file = 'projection.arrow'): Projection {
  const present = AXES.filter((a) => table.getChild(a) !== null);
  const dims = present.length;
  if (dims < 2) throw new Error(`${file}: a projection needs columns x and y`);
  const ids = readPrimitive(table, 'id', Int32Array, file);
  const coords = new Float32Array(ids.length * dims);
  present.forEach((axis, a) => {
    const values = readPrimitive(table, axis, Float32Array, file);
    for (let i = 0; i < ids.length; i++) coords[i * dims + a] = values[i];
  });
  const info = table.schema.metadata.get(PROJECTION_INFO_KEY);
  if (!info) throw new Error(`${file}: schema metadata lacks "${PROJECTION_INFO_KEY}"`);
  return { ids, dims, coords, info: JSON.parse(info) };
}
