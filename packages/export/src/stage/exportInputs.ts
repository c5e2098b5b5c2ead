import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ArrowInput,
  Dataset,
  Embeddings,
  NeighborList,
  Projection,
  StageMetadata,
  TrainingHistory,
  decodeStageMetadata,
  readArrowInput,
  requireGrey,
  tableToDataset,
  tableToEmbeddings,
  tableToHistory,
  tableToNeighbors,
  tableToProjection,
} from '@latentlens/data';
import { sameIds } from '../core/sameIds';

/** An artifact the export read, for provenance. */
export interface InputFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ProjectionInput {
  projection: Projection;
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
  /** The dataset's images in embedding order (thumbnails, raw-pixel tensors). */
  pixels: Uint8Array;
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

/** Dataset rows for the embedded ids, in embedding order. */
function alignPixels(dataset: Dataset, ids: Int32Array, file: string): Uint8Array {
  const size = dataset.rows * dataset.cols;
  const rowOf = new Map<number, number>();
  dataset.ids.forEach((id, row) => rowOf.set(id, row));
  const pixels = new Uint8Array(ids.length * size);
  ids.forEach((id, i) => {
    const row = rowOf.get(id);
    if (row === undefined)
      throw new Error(`${file}: id ${id} is not in the dataset; re-run encode`);
    pixels.set(dataset.pixels.subarray(row * size, (row + 1) * size), i * size);
  });
  return pixels;
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
  requireGrey(dataset, 'the export stage', paths.datasetPath);
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
    // The name the pipeline (or the command line) gives the reduction is the one shown.
    return {
      projection: { ...projection, info: { ...projection.info, name } },
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
    if (decoded.rows !== dataset.rows || decoded.cols !== dataset.cols) {
      throw new Error(
        `${paths.reconstructionsPath}: images of ${decoded.rows}×${decoded.cols}, the dataset's are ${dataset.rows}×${dataset.cols}`,
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
  return {
    dataset,
    datasetMeta: metadataOf(datasetTable),
    embeddings,
    embeddingsMeta: metadataOf(embeddingsTable),
    pixels: alignPixels(dataset, embeddings.ids, paths.embeddingsPath),
    projections,
    history,
    reconstructions,
    neighbors: neighborsFile.neighbors,
    files,
  };
}
