import type { TopLevelSpec } from 'vega-lite';
import { spriteImage } from '../core/spriteImage';
import { PNG_SCALE } from './render';
import { FIGURE_CONFIG } from './theme';

export interface ReconstructionRow {
  className: string;
  /** Pairs of greyscale images, rows × cols each. */
  originals: Uint8Array[];
  reconstructions: Uint8Array[];
}

export interface ReconstructionGridInput {
  title: string;
  subtitle: string[];
  rows: number;
  cols: number;
  classes: ReconstructionRow[];
  /** Dark strokes on white, as the sprite is drawn. */
  invert: boolean;
}

/** Screen pixels per image pixel: 28×28 digits become 56×56. */
const ZOOM = 2;
const GAP_IN_PAIR = 3;
const GAP_BETWEEN_PAIRS = 14;
const ROW_GAP = 8;
const HEADER = 16;

/**
 * An image as a PNG data URI, each pixel already a block of k×k, with k the number of PNG pixels
 * an image pixel covers: resvg then draws it 1:1 as crisp squares (it smooths any scaling, and
 * ignores `image-rendering`), and browsers shrink it for the SVG's own size.
 */
function blockPngDataUri(image: Uint8Array, rows: number, cols: number, invert: boolean): string {
  const k = ZOOM * PNG_SCALE;
  const big = new Uint8Array(rows * k * cols * k);
  for (let r = 0; r < rows * k; r++) {
    for (let c = 0; c < cols * k; c++)
      big[r * cols * k + c] = image[Math.floor(r / k) * cols + Math.floor(c / k)];
  }
  const { png } = spriteImage(big, 1, rows * k, cols * k, { invert });
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

/**
 * Images beside what the autoencoder makes of them: one row per class, pairs of original (left)
 * and reconstruction (right). Pixels are drawn as crisp squares, not smoothed.
 */
export function reconstructionGridSpec(input: ReconstructionGridInput): TopLevelSpec {
  const { rows, cols, classes, invert } = input;
  const w = cols * ZOOM;
  const h = rows * ZOOM;
  const pairWidth = 2 * w + GAP_IN_PAIR;
  const pairs = Math.max(1, ...classes.map((c) => c.originals.length));
  const images: { x: number; y: number; url: string }[] = [];
  const labels: { x: number; y: number; text: string }[] = [];
  const headers: { x: number; y: number; text: string }[] = [];
  classes.forEach((row, r) => {
    const top = HEADER + r * (h + ROW_GAP);
    labels.push({ x: -10, y: top + h / 2, text: row.className });
    row.originals.forEach((original, j) => {
      const left = j * (pairWidth + GAP_BETWEEN_PAIRS);
      images.push({ x: left, y: top, url: blockPngDataUri(original, rows, cols, invert) });
      images.push({
        x: left + w + GAP_IN_PAIR,
        y: top,
        url: blockPngDataUri(row.reconstructions[j], rows, cols, invert),
      });
    });
  });
  for (let j = 0; j < pairs; j++) {
    const left = j * (pairWidth + GAP_BETWEEN_PAIRS);
    headers.push(
      { x: left + w / 2, y: HEADER - 5, text: 'in' },
      { x: left + w + GAP_IN_PAIR + w / 2, y: HEADER - 5, text: 'out' },
    );
  }
  const pixel = { type: 'quantitative' as const, scale: null, axis: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: { ...FIGURE_CONFIG, view: { stroke: null } },
    width: pairs * pairWidth + (pairs - 1) * GAP_BETWEEN_PAIRS,
    height: HEADER + classes.length * (h + ROW_GAP) - ROW_GAP,
    title: { text: input.title, subtitle: input.subtitle },
    layer: [
      {
        data: { values: images },
        mark: { type: 'image', width: w, height: h, align: 'left', baseline: 'top', aspect: false },
        encoding: {
          x: { field: 'x', ...pixel },
          y: { field: 'y', ...pixel },
          url: { field: 'url', type: 'nominal' },
        },
      },
      {
        data: { values: labels },
        mark: {
          type: 'text',
          align: 'right',
          baseline: 'middle',
          fontSize: 13,
          fontWeight: 'bold',
        },
        encoding: {
          x: { field: 'x', ...pixel },
          y: { field: 'y', ...pixel },
          text: { field: 'text', type: 'nominal' },
        },
      },
      {
        data: { values: headers },
        mark: { type: 'text', align: 'center', baseline: 'bottom', fontSize: 10, color: '#666' },
        encoding: {
          x: { field: 'x', ...pixel },
          y: { field: 'y', ...pixel },
          text: { field: 'text', type: 'nominal' },
        },
      },
    ],
  };
}
