import { PNG } from 'pngjs';
import { areaDownsampler } from './areaDownsample';

/**
 * The Embedding Projector refuses sprites wider or taller than this (`MAX_SPRITE_IMAGE_SIZE_PX`
 * in TensorBoard's vz_projector/data-provider.ts).
 */
export const MAX_SPRITE_SIDE = 8192;

export interface SpriteOptions {
  /** Write 255 − v instead of v (MNIST's white-on-black digits become dark ink on white). */
  invert?: boolean;
  /** Largest width/height in pixels; thumbnails shrink to fit. Defaults to 8192. */
  maxSide?: number;
  /** 1 (grey, the default) or 3 (RGB interleaved, as `dataset.arrow` holds colour images). */
  channels?: number;
}

export interface Sprite {
  /** An 8-bit greyscale PNG file, or 8-bit RGB for colour images. */
  png: Uint8Array;
  /** Size of one thumbnail in the sprite; `singleImageDim` is `[cellCols, cellRows]`. */
  cellRows: number;
  cellCols: number;
  /** Thumbnails per row and per column: the grid is always perRow × perRow cells. */
  perRow: number;
  /** True when the thumbnails were shrunk to respect `maxSide`. */
  scaled: boolean;
}

/**
 * Lays out `n` images (`rows`×`cols`×`channels`, row-major, concatenated in `pixels`) as the
 * sprite atlas the Embedding Projector expects: image i in column i % perRow, row ⌊i / perRow⌋.
 *
 * The cell size is chosen to fit the number of images: a square grid of perRow = ⌈√n⌉ cells a
 * side, each at most ⌊maxSide / perRow⌋ px a side; images larger than that are shrunk (area
 * averaging, aspect kept), smaller ones stay at full size. So 8,192 px holds 10,000 images at up
 * to 81 px, 70,000 at up to 30 px.
 *
 * Format choices, from TensorBoard's scatterPlotVisualizerSprites.ts:
 * - The grid is square even when the last rows are empty: the projector's shader finds an image's
 *   row as ⌊i / spritesPerColumn⌋ with spritesPerColumn = height / cellHeight, which only equals
 *   the row when the grid has as many rows as columns. Unused cells are 0 (255 when inverted).
 * - Opaque 8-bit greyscale or RGB (no alpha channel): the shader discards only texels with alpha 0 and multiplies the rest
 *   by the point's colour (white when nothing is coloured). So an opaque greyscale sprite shows
 *   the pictures as they are, and tinted by class when the points are coloured by label. Grey
 *   levels are written as given; `invert: true` gives the look of the projector's own MNIST demo
 *   and the TensorFlow tutorials (dark digits on white tiles, which blend into the projector's
 *   white canvas).
 */
export function spriteImage(
  pixels: Uint8Array,
  n: number,
  rows: number,
  cols: number,
  options: SpriteOptions = {},
): Sprite {
  for (const [name, value] of [['n', n], ['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  const ch = options.channels ?? 1;
  if (ch !== 1 && ch !== 3) throw new RangeError(`channels must be 1 or 3, got ${ch}`);
  const size = rows * cols * ch;
  if (pixels.length !== n * size) {
    throw new RangeError(`expected ${n}×${rows}×${cols}×${ch} = ${n * size} values, got ${pixels.length}`);
  }
  const maxSide = options.maxSide ?? MAX_SPRITE_SIDE;
  const perRow = Math.ceil(Math.sqrt(n));
  const cellLimit = Math.floor(maxSide / perRow);
  if (cellLimit < 1) {
    throw new RangeError(`${n} thumbnails need a sprite side of at least ${perRow} px; maxSide is ${maxSide}`);
  }
  const scaled = rows > cellLimit || cols > cellLimit;
  const longest = Math.max(rows, cols);
  const cellRows = scaled ? Math.max(1, Math.floor((rows * cellLimit) / longest)) : rows;
  const cellCols = scaled ? Math.max(1, Math.floor((cols * cellLimit) / longest)) : cols;

  const width = perRow * cellCols;
  const height = perRow * cellRows;
  const flip = options.invert === true;
  const canvas = new Uint8Array(width * height * ch).fill(flip ? 255 : 0);
  const shrink = scaled ? areaDownsampler(rows, cols, cellRows, cellCols, ch) : null;
  const cell = new Uint8Array(cellRows * cellCols * ch);
  const line = cellCols * ch;
  for (let i = 0; i < n; i++) {
    const image = pixels.subarray(i * size, (i + 1) * size);
    let source = image;
    if (shrink) {
      shrink(image, cell);
      source = cell;
    }
    const left = (i % perRow) * cellCols;
    const top = Math.floor(i / perRow) * cellRows;
    for (let r = 0; r < cellRows; r++) {
      const rowStart = ((top + r) * width + left) * ch;
      for (let c = 0; c < line; c++) {
        const v = source[r * line + c];
        canvas[rowStart + c] = flip ? 255 - v : v;
      }
    }
  }
  return { png: encodePng(canvas, width, height, ch), cellRows, cellCols, perRow, scaled };
}

/**
 * No per-row PNG filter: thumbnails on a flat background compress smallest without one (a
 * 10,000-digit MNIST sprite: 1.66 MB against 1.87 MB with pngjs's adaptive filtering), and
 * encoding is several times faster.
 */
function encodePng(values: Uint8Array, width: number, height: number, channels: 1 | 3): Uint8Array {
  // Built without a size so pngjs does not allocate its own RGBA buffer (4× the sprite).
  const png = new PNG();
  png.width = width;
  png.height = height;
  png.data = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  // PNG colour type 0 is greyscale, 2 is RGB; pngjs reads the input in the same layout.
  const colorType = channels === 1 ? 0 : 2;
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth: 8, filterType: 0 });
}
