import type { ViewerThumbnails } from '../../src/viewer/viewerManifest';

/** The image side the panels' scales were chosen for (MNIST's). */
const REFERENCE_SIDE = 28;

/**
 * Thumbnails cut from the sprite pages (grey or RGB) of the export. A page is fetched and decoded
 * the first time one of its images is shown.
 */
export class ThumbnailAtlas {
  private readonly pages = new Map<number, Promise<HTMLImageElement>>();
  /** Thumbnails painted so far (the test hook reports it). */
  drawn = 0;

  constructor(
    private readonly base: URL,
    private readonly layout: ViewerThumbnails,
  ) {}

  private page(p: number): Promise<HTMLImageElement> {
    let page = this.pages.get(p);
    if (!page) {
      const image = new Image();
      image.src = new URL(this.layout.pages[p], this.base).href;
      page = image.decode().then(() => image);
      this.pages.set(p, page);
    }
    return page;
  }

  /**
   * A canvas that shows point `index` as large as a 28-pixel image drawn at `scale` screen
   * pixels per pixel, whatever the images' size (a 28×28 digit at scale 2 is 56 px, and so is a
   * 256×256 photo).
   */
  canvas(index: number, scale: number): HTMLCanvasElement {
    const { cellCols, cellRows } = this.layout;
    const zoom = (scale * REFERENCE_SIDE) / Math.max(cellCols, cellRows);
    const canvas = document.createElement('canvas');
    canvas.className = 'thumb';
    canvas.width = cellCols;
    canvas.height = cellRows;
    canvas.style.width = `${cellCols * zoom}px`;
    canvas.style.height = `${cellRows * zoom}px`;
    void this.paint(index, canvas);
    return canvas;
  }

  private async paint(index: number, canvas: HTMLCanvasElement): Promise<void> {
    const { perPage, perRow, cellCols, cellRows } = this.layout;
    // A table of vectors without images has no pages: its canvases stay empty (0×0).
    if (perPage === 0) return;
    const p = Math.floor(index / perPage);
    const cell = index % perPage;
    const image = await this.page(p);
    const context = canvas.getContext('2d');
    if (!context) return;
    const sx = (cell % perRow[p]) * cellCols;
    const sy = Math.floor(cell / perRow[p]) * cellRows;
    context.drawImage(image, sx, sy, cellCols, cellRows, 0, 0, cellCols, cellRows);
    this.drawn++;
  }
}
