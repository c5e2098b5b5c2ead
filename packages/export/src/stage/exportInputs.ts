import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ArrowInput,
  Dataset,
  Embeddings,
  MetadataColumn,
  NeighborList,
  Projection,
  StageMetadata,
  TrainingHistory,
  decodeStageMetadata,
  readArrowInput,
  tableToDataset,
  tableToEmbeddings,
  tableToHistory,
  tableToNeighbors,
  tableToProjection,
  valuesPerImage,
} from '@latentlens/data';
import { sameIds } from '../core/sameIds';
import { VectorNames, vectorNames } from '../core/vectorNames';
import type { MethodNames } from '../core/wording';
import type { NamedProjectionInfo } from '../figures/captions';

/** An artifact the export read, for provenance. */
export interface InputFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ProjectionInput {
  projection: Projection & { info: NamedProjectionInfo };
  /** Wall time of the reduction, from the run.json beside its projection.arrow. */
  seconds?: number;
}

export interface HistoryInput {
  history: TrainingHistory;
  meta?: StageMetadata;
  backend?: string;
  /** Wall time of the train stage, from the run.json beside history.arrow. */
  seconds?: number;
}

export interface ExportInputs {
  dataset: Dataset;
  datasetMeta?: StageMetadata;
  embeddings: Embeddings;
  embeddingsMeta?: StageMetadata;
  /** What the vectors are (an autoencoder's codes or a table's), by who wrote embeddings.arrow. */
  vectors: VectorNames;
  /** The dataset's images in embedding order (thumbnails, raw-pixel tensors), grey or RGB. */
  pixels: Uint8Array;
  /** The dataset's metadata columns (path, category, a table's own) in embedding order. */
  columns: MetadataColumn[];
  projections: ProjectionInput[];
  history?: HistoryInput;
  /**
   * A sample of decoded images written by encode (a dataset-shaped table) and the same images
   * as the dataset holds them, when present.
   */
  reconstructions?: { decoded: Dataset; originals: Uint8Array };
  /** Code-space neighbours from the neighbours stage, as row indices in embedding order. */
  neighbors: NeighborList;
  files: InputFile[];
}

export interface ExportInputPaths {
  datasetPath: string;
  embeddingsPath: string;
  projections: { name: string; path: string }[];
  historyPath?: string;
  reconstructionsPath?: string;
  neighborsPath: string;
  /** The reduction methods' names for people, by id (see `runExportStage`). */
  methods?: Record<string, MethodNames>;
}

/** Seconds recorded by the CLI in `run.json` next to a stage's artifacts; absent when not run by it. */
function runSeconds(artifactPath: string): number | undefined {
  try {
    const seconds = JSON.parse(
      readFileSync(join(dirname(artifactPath), 'run.json'), 'utf8'),
    ).seconds;
    return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : undefined;
  } catch {
    return undefined;
  }
}

function metadataOf(table: ArrowInput['table']): StageMetadata | undefined {
  try {
    return decodeStageMetadata(table.schema.metadata);
  } catch {
    return undefined;
  }
}

/** The dataset row of each of `ids`. */
function datasetRows(dataset: Dataset, ids: Int32Array, file: string): Int32Array {
  const rowOf = new Map<number, number>();
  dataset.ids.forEach((id, row) => rowOf.set(id, row));
  return Int32Array.from(ids, (id) => {
    const row = rowOf.get(id);
    if (row === undefined)
      throw new Error(`${file}: id ${id} is not in the dataset; re-run encode`);
    return row;
  });
}

/** Dataset images for the embedded ids, in embedding order. */
function alignPixels(dataset: Dataset, ids: Int32Array, file: string): Uint8Array {
  const size = valuesPerImage(dataset);
  const pixels = new Uint8Array(ids.length * size);
  datasetRows(dataset, ids, file).forEach((row, i) =>
    pixels.set(dataset.pixels.subarray(row * size, (row + 1) * size), i * size),
  );
  return pixels;
}

/** Dataset metadata columns for the embedded ids, in embedding order. */
function alignColumns(dataset: Dataset, ids: Int32Array, file: string): MetadataColumn[] {
  const columns = dataset.columns ?? [];
  if (columns.length === 0) return [];
  const rows = datasetRows(dataset, ids, file);
  return columns.map((column) =>
    column.kind === 'text'
      ? { ...column, values: Array.from(rows, (row) => column.values[row]) }
      : { ...column, values: Float64Array.from(rows, (row) => column.values[row]) },
  );
}

/** Reads every artifact the export needs, hashing each for the report's provenance. */
export function readExportInputs(paths: ExportInputPaths): ExportInputs {
  const files: InputFile[] = [];
  const read = (path: string) => {
    const { table, sha256, size } = readArrowInput(path);
    files.push({ path, sha256, bytes: size });
    return table;
  };
  const datasetTable = read(paths.datasetPath);
  const dataset = tableToDataset(datasetTable, paths.datasetPath);
  const embeddingsTable = read(paths.embeddingsPath);
  const embeddings = tableToEmbeddings(embeddingsTable, paths.embeddingsPath);
  const projections = paths.projections.map(({ name, path }) => {
    const projection = tableToProjection(read(path), path);
    const { ids } = embeddings;
    if (!sameIds(projection.ids, ids)) {
      throw new Error(
        `${path}: its rows do not match ${paths.embeddingsPath}; re-run that reduction`,
      );
    }
    // The name the pipeline (or the command line) gives the reduction is the one shown, with
    // its method's names when the caller knows them.
    const { method } = projection.info;
    const names = paths.methods && Object.hasOwn(paths.methods, method) && paths.methods[method];
    return {
      projection: { ...projection, info: { ...projection.info, name, ...names } },
      seconds: runSeconds(path),
    };
  });
  let history: HistoryInput | undefined;
  if (paths.historyPath !== undefined) {
    const table = read(paths.historyPath);
    history = {
      history: tableToHistory(table, paths.historyPath),
      meta: metadataOf(table),
      backend: table.schema.metadata.get('backend'),
      seconds: runSeconds(paths.historyPath),
    };
  }
  let reconstructions: ExportInputs['reconstructions'];
  if (paths.reconstructionsPath !== undefined) {
    const decoded = tableToDataset(read(paths.reconstructionsPath), paths.reconstructionsPath);
    const shape = (d: Dataset) => `${d.rows}×${d.cols}×${d.channels ?? 1}`;
    if (shape(decoded) !== shape(dataset)) {
      throw new Error(
        `${paths.reconstructionsPath}: images of ${shape(decoded)}, the dataset's are ${shape(dataset)}; re-run encode`,
      );
    }
    reconstructions = {
      decoded,
      originals: alignPixels(dataset, decoded.ids, paths.reconstructionsPath),
    };
  }
  // The file's rows are in its own id order; the same ids in the same order make its row
  // indices the embeddings' rows.
  const neighborsFile = tableToNeighbors(read(paths.neighborsPath), paths.neighborsPath);
  if (!sameIds(neighborsFile.ids, embeddings.ids)) {
    throw new Error(
      `${paths.neighborsPath}: its rows do not match ${paths.embeddingsPath}; re-run the neighbours stage`,
    );
  }
  const embeddingsMeta = metadataOf(embeddingsTable);
  return {
    dataset,
    datasetMeta: metadataOf(datasetTable),
    embeddings,
    embeddingsMeta,
    vectors: vectorNames(embeddingsMeta?.stage),
    pixels: alignPixels(dataset, embeddings.ids, paths.embeddingsPath),
    columns: alignColumns(dataset, embeddings.ids, paths.embeddingsPath),
    projections,
    history,
    reconstructions,
    neighbors: neighborsFile.neighbors,
    files,
  };
}
