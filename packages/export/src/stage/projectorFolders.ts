import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Progress, SPLIT_NAMES, hasImages, valuesPerImage } from '@latentlens/data';
import { float32Bytes } from '../core/float32Bytes';
import { metadataTsv } from '../core/metadataTsv';
import { bookmarkProjection } from '../core/projectionBookmark';
import { projectorBookmarks } from '../core/projectorBookmarks';
import { projectorConfigJson } from '../core/projectorConfigJson';
import { projectorConfigPbtxt } from '../core/projectorConfigPbtxt';
import type { ProjectorEntry } from '../core/projectorEntry';
import { rawPixelsBytes, rawPixelsTsv } from '../core/rawPixels';
import { MAX_SPRITE_SIDE, spriteImage } from '../core/spriteImage';
import { tensorsTsv } from '../core/tensorsTsv';
import type { ExportInputs } from './exportInputs';

export const PIXELS_TENSOR = 'raw pixels';

/**
 * Above this many points the raw-pixel tensor is not written as TSV for TensorBoard: at 784
 * values per image the text grows by about 3 MB per 1,000 MNIST digits (30 MB for 10,000, over
 * 200 MB for 70,000, parsed by TensorBoard's Python). The standalone projector gets it as
 * float32 bytes at any size.
 */
export const RAW_PIXELS_TSV_MAX_POINTS = 10000;

export interface ProjectorFoldersOptions {
  invertSprite: boolean;
  rawPixels: boolean;
  /** Prefix of the standalone config's paths ('' for paths relative to the projector's page). */
  projectorBaseUrl: string;
  /** Defaults to the projector's limit, MAX_SPRITE_SIDE. */
  maxSpriteSide?: number;
  /** Defaults to RAW_PIXELS_TSV_MAX_POINTS. */
  rawPixelsTsvMaxPoints?: number;
}

export interface SpriteSummary {
  file: string;
  images: number;
  perRow: number;
  /** [width, height] of one thumbnail in the sprite. */
  cell: [number, number];
  scaled: boolean;
  note?: string;
}

export interface ProjectorFoldersSummary {
  /** Absent for a dataset without images (a table of vectors). */
  sprite?: SpriteSummary;
  rawPixels: { tensorboard: boolean; projector: boolean; note?: string };
}

function write(root: string, file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), content);
}

/** The export's own metadata columns; a source's column of one of these names gets a suffix. */
const OWN_COLUMNS = ['label', 'class', 'split', 'id', 'reconstructionError'];

/**
 * The export's own columns, then the source's (path, category, a table's own). `class` is the
 * first text column, which the projector picks to label points by (vz-projector-data-panel:
 * "the first non-numeric column"); the bookmarks colour by it too.
 */
function metadataFile(inputs: ExportInputs): string {
  const { embeddings: e, dataset } = inputs;
  const sourceColumns = inputs.columns.map((c) => ({
    name: OWN_COLUMNS.includes(c.name) ? `${c.name} (${dataset.source})` : c.name,
    values: c.values,
  }));
  return metadataTsv([
    { name: 'label', values: e.labels },
    { name: 'class', values: Array.from(e.labels, (l) => dataset.classNames[l] ?? String(l)) },
    { name: 'split', values: Array.from(e.splits, (s) => SPLIT_NAMES[s]) },
    { name: 'id', values: e.ids },
    // Only our autoencoder's codes have one (not a table's vectors).
    ...(e.reconstructionError
      ? [
          {
            name: 'reconstructionError',
            values: Array.from(e.reconstructionError, (v) => Number(v.toPrecision(6))),
          },
        ]
      : []),
    ...sourceColumns,
  ]);
}

/** The sprite of the thumbnails, and what the report says of it. */
function spriteFile(
  inputs: ExportInputs,
  options: ProjectorFoldersOptions,
  progress: Progress,
): { png: Uint8Array; summary: SpriteSummary } {
  const { dataset, pixels } = inputs;
  const n = inputs.embeddings.ids.length;
  progress.phase('sprite');
  const maxSide = options.maxSpriteSide ?? MAX_SPRITE_SIDE;
  const sprite = spriteImage(pixels, n, dataset.rows, dataset.cols, {
    invert: options.invertSprite,
    maxSide,
    channels: dataset.channels,
  });
  const cell: [number, number] = [sprite.cellCols, sprite.cellRows];
  const summary: SpriteSummary = {
    file: 'sprite.png',
    images: n,
    perRow: sprite.perRow,
    cell,
    scaled: sprite.scaled,
  };
  if (sprite.scaled) {
    summary.note =
      `${n} thumbnails of ${dataset.cols}×${dataset.rows} do not fit the projector's ${maxSide}×${maxSide} ` +
      `sprite limit; shrunk to ${cell[0]}×${cell[1]}`;
    progress.log(`sprite: ${summary.note}`);
  }
  return { png: sprite.png, summary };
}

/**
 * The two projector folders under `root`:
 * - `tensorboard/`, the layout PyTorch's add_embedding writes (open with `tensorboard --logdir`):
 *   projector_config.pbtxt, TSV tensors, metadata.tsv with a header, sprite.png, bookmarks;
 * - `projector/` for the standalone Embedding Projector (`?config=…/projector_config.json`):
 *   the same with float32 `.bytes` tensors.
 * Both embeddings (code and raw pixels) share the metadata and sprite files. Every precomputed
 * projection is a bookmark of the code embedding.
 */
export function writeProjectorFolders(
  root: string,
  inputs: ExportInputs,
  options: ProjectorFoldersOptions,
  progress: Progress,
): ProjectorFoldersSummary {
  const { dataset, embeddings, pixels, vectors } = inputs;
  const n = embeddings.ids.length;
  const d = embeddings.dim;
  const size = valuesPerImage(dataset);

  const images = hasImages(dataset);
  const sprite = images ? spriteFile(inputs, options, progress) : undefined;
  const metadata = metadataFile(inputs);
  const bookmarks = JSON.stringify(
    projectorBookmarks({
      n,
      d,
      projections: inputs.projections.map((p) => bookmarkProjection(p.projection)),
      labelColumn: 'class',
    }),
  );
  const rawTsvLimit = options.rawPixelsTsvMaxPoints ?? RAW_PIXELS_TSV_MAX_POINTS;
  // Without images there are no pixels to export.
  const wantRaw = options.rawPixels && images;
  const rawTsv = wantRaw && n <= rawTsvLimit;
  const rawPixels: ProjectorFoldersSummary['rawPixels'] = {
    tensorboard: rawTsv,
    projector: wantRaw,
  };
  if (wantRaw && !rawTsv) {
    rawPixels.note =
      `raw pixels of ${n} images (${n}×${size}) are written only for the standalone projector, as float32 bytes; ` +
      `as TSV for TensorBoard they would take 3 to 5 MB per 1,000 images (limit ${rawTsvLimit} points)`;
    progress.log(rawPixels.note);
  }

  progress.phase('tensorboard logdir');
  const tb = join(root, 'tensorboard');
  write(tb, 'metadata.tsv', metadata);
  if (sprite) write(tb, 'sprite.png', sprite.png);
  write(tb, `${vectors.file}/tensors.tsv`, tensorsTsv(embeddings.values, n, d));
  write(tb, `${vectors.file}/bookmarks.txt`, bookmarks);
  const tbShared = {
    metadataPath: 'metadata.tsv',
    ...(sprite && { sprite: { imagePath: 'sprite.png', singleImageDim: sprite.summary.cell } }),
  };
  const tbEntries: ProjectorEntry[] = [
    {
      tensorName: vectors.tensor,
      tensorPath: `${vectors.file}/tensors.tsv`,
      bookmarksPath: `${vectors.file}/bookmarks.txt`,
      ...tbShared,
    },
  ];
  if (rawTsv) {
    progress.phase('raw pixels (TSV)');
    write(tb, 'pixels/tensors.tsv', rawPixelsTsv(pixels, n, size));
    tbEntries.push({ tensorName: PIXELS_TENSOR, tensorPath: 'pixels/tensors.tsv', ...tbShared });
  }
  write(tb, 'projector_config.pbtxt', projectorConfigPbtxt(tbEntries));

  progress.phase('standalone projector');
  const sp = join(root, 'projector');
  const url = (file: string) => options.projectorBaseUrl + file;
  write(sp, 'metadata.tsv', metadata);
  if (sprite) write(sp, 'sprite.png', sprite.png);
  write(sp, 'bookmarks.json', bookmarks);
  write(sp, `${vectors.file}.bytes`, float32Bytes(embeddings.values));
  const spShared = {
    metadataPath: url('metadata.tsv'),
    ...(sprite && {
      sprite: { imagePath: url('sprite.png'), singleImageDim: sprite.summary.cell },
    }),
  };
  const spEntries: ProjectorEntry[] = [
    {
      tensorName: vectors.tensor,
      tensorShape: [n, d],
      tensorPath: url(`${vectors.file}.bytes`),
      bookmarksPath: url('bookmarks.json'),
      ...spShared,
    },
  ];
  if (wantRaw) {
    write(sp, 'pixels.bytes', rawPixelsBytes(pixels));
    spEntries.push({
      tensorName: PIXELS_TENSOR,
      tensorShape: [n, size],
      tensorPath: url('pixels.bytes'),
      ...spShared,
    });
  }
  write(sp, 'projector_config.json', projectorConfigJson(spEntries));
  return { ...(sprite && { sprite: sprite.summary }), rawPixels };
}
