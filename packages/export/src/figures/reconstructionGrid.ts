import type { TopLevelSpec } from 'vega-lite';
import { areaDownsampler } from '../core/areaDownsample';
import { spriteImage } from '../core/spriteImage';
import { PNG_SCALE } from './render';
import { FIGURE_CONFIG } from './theme';

export interface ReconstructionRow {
  className: string;
  /** Pairs of images, rows × cols × channels each (grey, or RGB interleaved). */
  originals: Uint8Array[];
  reconstructions: Uint8Array[];
}

export interface ReconstructionGridInput {
  title: string;
  subtitle: string[];
  rows: number;
  cols: number;
  /** 1 (grey, when absent) or 3 (RGB). */
  channels?: number;
  classes: ReconstructionRow[];
  /** Dark strokes on white, as the sprite is drawn. */
  invert: boolean;
}

/** Screen pixels per image pixel, at most: 28×28 digits become 56×56. */
const ZOOM = 2;
/**
 * The longest side an image is shown at: larger images are shown smaller than ZOOM, so that
 * 20 pairs of 256×256 images make a figure as wide as 20 pairs of digits.
 */
const DISPLAY_SIDE = 56;
const GAP_IN_PAIR = 3;
const GAP_BETWEEN_PAIRS = 14;
const ROW_GAP = 8;
const HEADER = 16;

interface ImageShape {
  rows: number;
  cols: number;
  channels: number;
}

/**
 * An image as a PNG data URI at the size it is drawn in the PNG figure. An image shown larger
 * than it is has each pixel made a block of k×k (k = PNG pixels per image pixel, rounded up):
 * resvg then draws it nearly 1:1 as crisp squares (it smooths any scaling, and ignores
 * `image-rendering`), and browsers shrink it for the SVG's own size. An image shown smaller is
 * shrunk by area averaging first, so thin strokes stay visible.
 */
function imagePngDataUri(
  image: Uint8Array,
  { rows, cols, channels }: ImageShape,
  zoom: number,
  invert: boolean,
): string {
  const scale = zoom * PNG_SCALE;
  let out = image;
  let [outRows, outCols] = [rows, cols];
  if (scale >= 1) {
    const k = Math.ceil(scale);
    [outRows, outCols] = [rows * k, cols * k];
    out = new Uint8Array(outRows * outCols * channels);
    for (let r = 0; r < outRows; r++) {
      for (let c = 0; c < outCols; c++) {
        const from = (Math.floor(r / k) * cols + Math.floor(c / k)) * channels;
        out.set(image.subarray(from, from + channels), (r * outCols + c) * channels);
      }
    }
  } else {
    [outRows, outCols] = [
      Math.max(1, Math.round(rows * scale)),
      Math.max(1, Math.round(cols * scale)),
    ];
    out = new Uint8Array(outRows * outCols * channels);
    areaDownsampler(rows, cols, outRows, outCols, channels)(image, out);
  }
  const { png } = spriteImage(out, 1, outRows, outCols, { invert, channels });
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

/**
 * Images beside what the autoencoder makes of them: one row per class, pairs of original (left)
 * and reconstruction (right). Pixels are drawn as crisp squares, not smoothed.
 */
export function reconstructionGridSpec(input: ReconstructionGridInput): TopLevelSpec {
  const { rows, cols, classes, invert } = input;
  const shape = { rows, cols, channels: input.channels ?? 1 };
  const zoom = Math.min(ZOOM, DISPLAY_SIDE / Math.max(rows, cols));
  const w = cols * zoom;
  const h = rows * zoom;
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
      images.push({ x: left, y: top, url: imagePngDataUri(original, shape, zoom, invert) });
      images.push({
        x: left + w + GAP_IN_PAIR,
        y: top,
        url: imagePngDataUri(row.reconstructions[j], shape, zoom, invert),
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
