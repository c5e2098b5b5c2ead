import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Digits {
  pixels: Uint8Array;
  labels: Uint8Array;
  n: number;
}

let cache: number[][] | null = null;

/** The `mnist` package's real digits: ten JSON files, one per class, of 784 grey levels in [0, 1] each. */
function digitFiles(): number[][] {
  if (cache === null) {
    const folder = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
    cache = Array.from(
      { length: 10 },
      (_, d) =>
        (JSON.parse(readFileSync(join(folder, `${d}.json`), 'utf8')) as { data: number[] }).data,
    );
  }
  return cache;
}

/** The first n real MNIST digits, classes interleaved (0, 1, …, 9, 0, …), pixels = round(255·v). */
export function mnistDigits(n: number): Digits {
  const files = digitFiles();
  const pixels = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const digit = i % 10;
    const source = Math.floor(i / 10) * 784;
    const data = files[digit];
    if (source + 784 > data.length)
      throw new Error(`Only ${data.length / 784} images of digit ${digit}`);
    for (let j = 0; j < 784; j++) pixels[i * 784 + j] = Math.round(data[source + j] * 255);
    labels[i] = digit;
  }
  return { pixels, labels, n };
}
