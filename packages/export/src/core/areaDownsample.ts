/**
 * Shrinks greyscale images by area averaging: every output pixel is the mean of the input area it
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

/** Returns a function that writes the `outRows`×`outCols` shrink of one `rows`×`cols` image. */
export function areaDownsampler(
  rows: number,
  cols: number,
  outRows: number,
  outCols: number,
): (image: ArrayLike<number>, out: Uint8Array) => void {
  if (outRows < 1 || outCols < 1 || outRows > rows || outCols > cols) {
    throw new RangeError(`cannot shrink ${rows}×${cols} to ${outRows}×${outCols}`);
  }
  const rowTaps = axisTaps(rows, outRows);
  const colTaps = axisTaps(cols, outCols);
  const narrowed = new Float64Array(rows * outCols);
  return (image, out) => {
    for (let r = 0; r < rows; r++) {
      for (let oc = 0; oc < outCols; oc++) {
        let sum = 0;
        for (const tap of colTaps[oc]) sum += tap.weight * image[r * cols + tap.source];
        narrowed[r * outCols + oc] = sum;
      }
    }
    for (let or = 0; or < outRows; or++) {
      for (let oc = 0; oc < outCols; oc++) {
        let sum = 0;
        for (const tap of rowTaps[or]) sum += tap.weight * narrowed[tap.source * outCols + oc];
        out[or * outCols + oc] = Math.min(255, Math.max(0, Math.round(sum)));
      }
    }
  };
}
