import { float32Bytes } from './float32Bytes';
import { float32Text } from './float32Text';

/**
 * Raw images as the projector's MNIST demo shows them: one point per image, one dimension per
 * pixel, grey level / 255 as float32. A byte has only 256 values, so their texts and bytes are
 * made once and looked up.
 */
function greyLevels(): Float32Array {
  return Float32Array.from({ length: 256 }, (_, v) => v / 255);
}

/** The images as TensorBoard's TSV tensor: exactly what tensorsTsv writes for the scaled values. */
export function rawPixelsTsv(pixels: Uint8Array, n: number, size: number): string {
  if (
    !Number.isInteger(n) ||
    !Number.isInteger(size) ||
    n < 0 ||
    size < 1 ||
    pixels.length !== n * size
  ) {
    throw new RangeError(`expected ${n}×${size} pixels, got ${pixels.length}`);
  }
  const texts = Array.from(greyLevels(), (v) => float32Text(v));
  const lines = new Array<string>(n);
  const row = new Array<string>(size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < size; j++) row[j] = texts[pixels[i * size + j]];
    lines[i] = row.join('\t') + '\n';
  }
  return lines.join('');
}

/**
 * The images as the standalone projector's `.bytes` tensor: what float32Bytes writes for the
 * scaled values, without holding them as a Float32Array too (70,000 MNIST images: 220 MB).
 */
export function rawPixelsBytes(pixels: Uint8Array): Uint8Array {
  const levels = float32Bytes(greyLevels());
  const out = new Uint8Array(pixels.length * 4);
  for (let i = 0; i < pixels.length; i++)
    out.set(levels.subarray(pixels[i] * 4, pixels[i] * 4 + 4), i * 4);
  return out;
}
