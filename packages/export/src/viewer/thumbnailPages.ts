import { spriteImage } from '../core/spriteImage';

/** Largest atlas side in pixels: small enough to decode quickly and fit any browser's limits. */
const PAGE_SIDE = 2048;
const MAX_CELLS_PER_ROW = 64;

export interface ThumbnailPages {
  /** Greyscale PNG atlases. */
  pages: Uint8Array[];
  perPage: number;
  perRow: number[];
}

/**
 * Cuts `n` greyscale images (`rows × cols`, concatenated) into square sprite pages of at most
 * 64 × 64 thumbnails at full resolution, so the browser fetches and decodes only the pages it
 * shows. Thumbnail i is cell i % perPage of page ⌊i / perPage⌋, laid out as `spriteImage` does.
 */
export function thumbnailPages(
  pixels: Uint8Array,
  n: number,
  rows: number,
  cols: number,
): ThumbnailPages {
  const size = rows * cols;
  if (pixels.length !== n * size)
    throw new RangeError(`expected ${n}×${rows}×${cols} pixels, got ${pixels.length}`);
  const cellsPerRow = Math.min(MAX_CELLS_PER_ROW, Math.floor(PAGE_SIDE / Math.max(rows, cols)));
  if (cellsPerRow < 1)
    throw new RangeError(`thumbnails of ${rows}×${cols} do not fit a ${PAGE_SIDE} px page`);
  const perPage = cellsPerRow * cellsPerRow;
  const pages: Uint8Array[] = [];
  const perRow: number[] = [];
  for (let start = 0; start < n; start += perPage) {
    const count = Math.min(perPage, n - start);
    const sprite = spriteImage(
      pixels.subarray(start * size, (start + count) * size),
      count,
      rows,
      cols,
      {
        maxSide: PAGE_SIDE,
      },
    );
    pages.push(sprite.png);
    perRow.push(sprite.perRow);
  }
  return { pages, perPage, perRow };
}
