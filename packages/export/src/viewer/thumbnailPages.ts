import { spriteImage } from '../core/spriteImage';

/** Largest atlas side in pixels: small enough to decode quickly and fit any browser's limits. */
const PAGE_SIDE = 2048;
const MAX_CELLS_PER_ROW = 64;

export interface ThumbnailPages {
  /** PNG atlases, greyscale or RGB as the images are. */
  pages: Uint8Array[];
  perPage: number;
  perRow: number[];
  /** Size of a thumbnail in the pages: the images' own, or shrunk when one would not fit a page. */
  cellRows: number;
  cellCols: number;
}

/**
 * Cuts `n` images (`rows × cols × channels`, concatenated) into square sprite pages of at most
 * 64 × 64 thumbnails at full resolution (an image larger than a page is shrunk to fit it), so the browser fetches and decodes only the pages it
 * shows. Thumbnail i is cell i % perPage of page ⌊i / perPage⌋, laid out as `spriteImage` does.
 */
export function thumbnailPages(
  pixels: Uint8Array,
  n: number,
  rows: number,
  cols: number,
  channels = 1,
): ThumbnailPages {
  const size = rows * cols * channels;
  if (pixels.length !== n * size)
    throw new RangeError(`expected ${n}×${rows}×${cols}×${channels} values, got ${pixels.length}`);
  const cellsPerRow = Math.max(
    1,
    Math.min(MAX_CELLS_PER_ROW, Math.floor(PAGE_SIDE / Math.max(rows, cols))),
  );
  const perPage = cellsPerRow * cellsPerRow;
  const pages: Uint8Array[] = [];
  const perRow: number[] = [];
  let cell = { cellRows: rows, cellCols: cols };
  for (let start = 0; start < n; start += perPage) {
    const count = Math.min(perPage, n - start);
    const sprite = spriteImage(
      pixels.subarray(start * size, (start + count) * size),
      count,
      rows,
      cols,
      { maxSide: PAGE_SIDE, channels },
    );
    pages.push(sprite.png);
    perRow.push(sprite.perRow);
    cell = { cellRows: sprite.cellRows, cellCols: sprite.cellCols };
  }
  return { pages, perPage, perRow, ...cell };
}
