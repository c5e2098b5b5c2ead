import type { ViewerThumbnails } from '../../src/viewer/viewerManifest';

/**
 * Thumbnails cut from the greyscale sprite pages of the export. A page is fetched and decoded
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

  /** A canvas that shows point `index` at `scale` screen pixels per image pixel. */
  canvas(index: number, scale: number): HTMLCanvasElement {
    const { cellCols, cellRows } = this.layout;
    const canvas = document.createElement('canvas');
    canvas.className = 'thumb';
    canvas.width = cellCols;
    canvas.height = cellRows;
    canvas.style.width = `${cellCols * scale}px`;
    canvas.style.height = `${cellRows * scale}px`;
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
