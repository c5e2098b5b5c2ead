import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Dataset,
  Embeddings,
  Progress,
  Projection,
  SPLIT_NAMES,
  readArrowFile,
  replaceDirAtomic,
  silentProgress,
  tableToDataset,
  tableToEmbeddings,
  tableToProjection,
} from '@latentlens/data';
import { float32Bytes } from '../core/float32Bytes';
import { metadataTsv } from '../core/metadataTsv';
import { ProjectionParams, projectorBookmarks } from '../core/projectorBookmarks';
import { projectorConfigJson } from '../core/projectorConfigJson';
import { projectorConfigPbtxt } from '../core/projectorConfigPbtxt';
import { spriteImage } from '../core/spriteImage';
import { tensorsTsv } from '../core/tensorsTsv';

export interface ExportConfig {
  /** Dark digits on white thumbnails instead of the dataset's own white on black. */
  invertSprite: boolean;
}

export interface ExportStageResult {
  points: number;
  projections: number;
  spriteScaled: boolean;
}

const TENSOR_NAME = 'autoencoder code';

/**
 * The projector (TensorBoard 2.14 and later) restarts its own t-SNE from a t-SNE bookmark's
 * layout; a 2-D "custom" projection shows our precomputed layout and keeps it still.
 */
function bookmarkMethod(p: Projection): string {
  if (p.info.method.startsWith('tsne')) return p.dims === 2 ? 'custom' : 'tsne';
  return p.info.method;
}

/** Dataset rows for the embedded ids, in embedding order (thumbnails and class names). */
function alignDataset(dataset: Dataset, ids: Int32Array): { pixels: Uint8Array; size: number } {
  const size = dataset.rows * dataset.cols;
  const rowOf = new Map<number, number>();
  dataset.ids.forEach((id, row) => rowOf.set(id, row));
  const pixels = new Uint8Array(ids.length * size);
  ids.forEach((id, i) => {
    const row = rowOf.get(id);
    if (row === undefined) throw new Error(`embeddings hold id ${id}, which the dataset lacks; re-run encode`);
    pixels.set(dataset.pixels.subarray(row * size, (row + 1) * size), i * size);
  });
  return { pixels, size };
}

function metadataColumns(dataset: Dataset, e: Embeddings) {
  return metadataTsv([
    { name: 'label', values: e.labels },
    { name: 'class', values: Array.from(e.labels, (l) => dataset.classNames[l] ?? String(l)) },
    { name: 'split', values: Array.from(e.splits, (s) => SPLIT_NAMES[s]) },
    { name: 'id', values: e.ids },
    { name: 'reconstructionError', values: Array.from(e.reconstructionError, (v) => Number(v.toPrecision(6))) },
  ]);
}

/**
 * The export stage: a TensorBoard logdir (`tensorboard/`, open with `tensorboard --logdir`) and a
 * standalone Embedding Projector folder (`projector/`), both carrying every precomputed
 * projection as a bookmark. The whole folder is built aside and swapped in at the end.
 */
export async function runExportStage(args: {
  config: ExportConfig;
  datasetPath: string;
  embeddingsPath: string;
  projections: { name: string; path: string }[];
  outDir: string;
  progress?: Progress;
}): Promise<ExportStageResult> {
  const progress = args.progress ?? silentProgress;
  progress.phase('read artifacts');
  const dataset = tableToDataset(readArrowFile(args.datasetPath), args.datasetPath);
  const embeddings = tableToEmbeddings(readArrowFile(args.embeddingsPath), args.embeddingsPath);
  const projections: Projection[] = args.projections.map((p) => tableToProjection(readArrowFile(p.path), p.path));
  const n = embeddings.ids.length;
  const d = embeddings.dim;
  for (const [i, p] of projections.entries()) {
    if (p.ids.length !== n || p.ids.some((id, r) => id !== embeddings.ids[r])) {
      throw new Error(`${args.projections[i].path}: its rows do not match ${args.embeddingsPath}; re-run that reduction`);
    }
  }

  progress.phase('sprite');
  const { pixels } = alignDataset(dataset, embeddings.ids);
  const sprite = spriteImage(pixels, n, dataset.rows, dataset.cols, { invert: args.config.invertSprite });
  if (sprite.scaled) {
    progress.log(
      `sprite: ${n} thumbnails do not fit 8192×8192 at ${dataset.rows}×${dataset.cols}; shrunk to ${sprite.cellRows}×${sprite.cellCols}`,
    );
  }
  const metadata = metadataColumns(dataset, embeddings);
  const bookmarks = JSON.stringify(
    projectorBookmarks({
      n,
      d,
      projections: projections.map((p) => ({
        name: p.info.name,
        method: bookmarkMethod(p),
        dims: p.dims as 2 | 3,
        coords: p.coords,
        params: p.info.params as ProjectionParams,
      })),
      labelColumn: 'class',
    }),
  );
  const spriteInfo = { imagePath: 'sprite.png', singleImageDim: [sprite.cellCols, sprite.cellRows] as [number, number] };

  await replaceDirAtomic(args.outDir, (tmp) => {
    progress.phase('tensorboard logdir');
    const tb = join(tmp, 'tensorboard');
    const tensorDir = join(tb, 'autoencoder');
    mkdirSync(tensorDir, { recursive: true });
    writeFileSync(join(tensorDir, 'tensors.tsv'), tensorsTsv(embeddings.values, n, d));
    writeFileSync(join(tensorDir, 'metadata.tsv'), metadata);
    writeFileSync(join(tensorDir, 'sprite.png'), sprite.png);
    writeFileSync(join(tensorDir, 'bookmarks.txt'), bookmarks);
    writeFileSync(
      join(tb, 'projector_config.pbtxt'),
      projectorConfigPbtxt([
        {
          tensorName: TENSOR_NAME,
          tensorPath: 'autoencoder/tensors.tsv',
          metadataPath: 'autoencoder/metadata.tsv',
          bookmarksPath: 'autoencoder/bookmarks.txt',
          sprite: { ...spriteInfo, imagePath: 'autoencoder/sprite.png' },
        },
      ]),
    );

    progress.phase('standalone projector');
    const sp = join(tmp, 'projector');
    mkdirSync(sp, { recursive: true });
    writeFileSync(join(sp, 'autoencoder.bytes'), float32Bytes(embeddings.values));
    writeFileSync(join(sp, 'metadata.tsv'), metadata);
    writeFileSync(join(sp, 'sprite.png'), sprite.png);
    writeFileSync(join(sp, 'bookmarks.json'), bookmarks);
    writeFileSync(
      join(sp, 'projector_config.json'),
      projectorConfigJson([
        {
          tensorName: TENSOR_NAME,
          tensorShape: [n, d],
          tensorPath: 'autoencoder.bytes',
          metadataPath: 'metadata.tsv',
          bookmarksPath: 'bookmarks.json',
          sprite: spriteInfo,
        },
      ]),
    );
  });
  return { points: n, projections: projections.length, spriteScaled: sprite.scaled };
}
