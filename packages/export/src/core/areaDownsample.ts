/**
 * Shrinks images (grey, or interleaved RGB: each channel on its own) by area averaging: every output pixel is the mean of the input area it
 * covers, with partly covered input pixels weighted by the covered fraction. Unlike point
 * sampling this keeps thin strokes (a 1-px pen line in a 28×28 digit) visible after shrinking.
 *
 * The filter is separable, so the per-axis weights are computed once and reused for every image
 * of a sprite.
 */

interface AxisTap {
  source: number;
  weight: number;
}

function axisTaps(inSize: number, outSize: number): AxisTap[][] {
  const span = inSize / outSize;
  const taps: AxisTap[][] = [];
  for (let o = 0; o < outSize; o++) {
    const start = o * span;
    const end = (o + 1) * span;
    const row: AxisTap[] = [];
    for (let s = Math.floor(start); s < Math.min(inSize, Math.ceil(end)); s++) {
      const covered = Math.min(s + 1, end) - Math.max(s, start);
      if (covered > 0) row.push({ source: s, weight: covered / span });
    }
    taps.push(row);
  }
  return taps;
}

/**
 * Returns a function that writes the `outRows`×`outCols` shrink of one `rows`×`cols` image of
 * `channels` interleaved values per pixel.
 */
export function areaDownsampler(
  rows: number,
  cols: number,
  outRows: number,
  outCols: number,
  channels = 1,
): (image: ArrayLike<number>, out: Uint8Array) => void {
  if (outRows < 1 || outCols < 1 || outRows > rows || outCols > cols) {
    throw new RangeError(`cannot shrink ${rows}×${cols} to ${outRows}×${outCols}`);
  }
  const rowTaps = axisTaps(rows, outRows);
  const colTaps = axisTaps(cols, outCols);
  const ch = channels;
  const narrowed = new Float64Array(rows * outCols * ch);
  return (image, out) => {
    for (let r = 0; r < rows; r++) {
      for (let oc = 0; oc < outCols; oc++) {
        for (let k = 0; k < ch; k++) {
          let sum = 0;
          for (const tap of colTaps[oc])
            sum += tap.weight * image[(r * cols + tap.source) * ch + k];
          narrowed[(r * outCols + oc) * ch + k] = sum;
        }
      }
    }
    for (let or = 0; or < outRows; or++) {
      for (let oc = 0; oc < outCols; oc++) {
        for (let k = 0; k < ch; k++) {
          let sum = 0;
          for (const tap of rowTaps[or])
            sum += tap.weight * narrowed[(tap.source * outCols + oc) * ch + k];
          out[(or * outCols + oc) * ch + k] = Math.min(255, Math.max(0, Math.round(sum)));
        }
      }
    }
  };
}
