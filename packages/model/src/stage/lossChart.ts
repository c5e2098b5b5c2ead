import type { EpochRecord } from '../core/state';

type Rgb = [number, number, number];

const width = 640;
const height = 400;
const margin = 40;
const colours: Record<'axis' | 'grid' | 'train' | 'validation', Rgb> = {
  axis: [60, 60, 60],
  grid: [225, 225, 225],
  train: [31, 119, 180],
  validation: [255, 127, 14],
};

/**
 * The loss curve as a bare raster: training loss (blue) and, when measured, validation loss
 * (orange) per epoch, on a linear scale from 0 to the largest loss, with a light line at every
 * tenth of it. No text: the numbers are in history.arrow; nicer figures are the export stage's job.
 */
export function lossChartPixels(history: readonly EpochRecord[]): {
  rgb: Uint8Array;
  width: number;
  height: number;
} {
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const set = (x: number, y: number, c: Rgb): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    rgb.set(c, (Math.round(y) * width + Math.round(x)) * 3);
  };
  const line = (x0: number, y0: number, x1: number, y1: number, c: Rgb): void => {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let s = 0; s <= steps; s++)
      set(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, c);
  };
  const [left, right, top, bottom] = [margin, width - margin, margin, height - margin];
  const values = history.flatMap((h) => [h.loss, h.validationLoss]).filter(Number.isFinite);
  const maxLoss = Math.max(...values, Number.MIN_VALUE);
  for (let k = 1; k <= 10; k++) {
    const y = bottom - ((bottom - top) * k) / 10;
    line(left, y, right, y, colours.grid);
  }
  line(left, top, left, bottom, colours.axis);
  line(left, bottom, right, bottom, colours.axis);
  const x = (i: number): number =>
    history.length <= 1 ? (left + right) / 2 : left + ((right - left) * i) / (history.length - 1);
  const y = (loss: number): number => bottom - ((bottom - top) * loss) / maxLoss;
  for (const [key, colour] of [
    ['loss', colours.train],
    ['validationLoss', colours.validation],
  ] as const) {
    const points = history
      .map((h, i) => [x(i), y(h[key])] as const)
      .filter(([, py]) => Number.isFinite(py));
    points.forEach(([px, py], i) => {
      for (let d = -2; d <= 2; d++) for (let e = -2; e <= 2; e++) set(px + d, py + e, colour);
      if (i > 0) {
        const [qx, qy] = points[i - 1];
        for (const offset of [-0.5, 0, 0.5]) line(qx, qy + offset, px, py + offset, colour);
      }
    });
  }
  return { rgb, width, height };
}
