/**
 * Input scaling shared by training and encoding, so that both see identical numbers: a pixel p of
 * feature j becomes the float32 rounding of p/255 − mean[j] (computed in double precision).
 */

/**
 * The mean image of pixels/255 over the first n images (or the listed ones), accumulated in
 * double precision.
 */
export function meanImage(
  pixels: Uint8Array,
  images: number | Int32Array,
  size: number,
): Float32Array {
  const sums = new Float64Array(size);
  const n = typeof images === 'number' ? images : images.length;
  for (let i = 0; i < n; i++) {
    const offset = (typeof images === 'number' ? i : images[i]) * size;
    for (let j = 0; j < size; j++) sums[j] += pixels[offset + j];
  }
  const mean = new Float32Array(size);
  for (let j = 0; j < size; j++) mean[j] = n > 0 ? sums[j] / 255 / n : 0;
  return mean;
}

/**
 * Images `indices[start .. start+count)` (or `start ..` when indices is null), scaled and centred,
 * as a row-major matrix: one image per row ('rows', count × size) or one per column ('columns',
 * size × count, the layout the training pass works in).
 */
export function centeredBatch(
  pixels: Uint8Array,
  indices: Int32Array | null,
  start: number,
  count: number,
  mean: Float32Array,
  layout: 'rows' | 'columns',
): Float32Array {
  const size = mean.length;
  const out = new Float32Array(count * size);
  const [imageStride, pixelStride] = layout === 'rows' ? [size, 1] : [1, count];
  for (let r = 0; r < count; r++) {
    const image = indices === null ? start + r : indices[start + r];
    const source = image * size;
    for (let j = 0; j < size; j++)
      out[r * imageStride + j * pixelStride] = pixels[source + j] / 255 - mean[j];
  }
  return out;
}

export function checkPixelCount(pixels: Uint8Array, n: number, size: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`Image count must be a non-negative integer, got ${n}`);
  }
  if (pixels.length < n * size) {
    throw new Error(
      `Expected ${n} images of ${size} pixels (${n * size} bytes), got ${pixels.length} bytes`,
    );
  }
}
