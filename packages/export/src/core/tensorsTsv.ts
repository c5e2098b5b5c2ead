import { float32Text } from './float32Text';

/**
 * The tensor file TensorBoard's projector reads (`tensor_path` in projector_config.pbtxt): one
 * line per point, values separated by tabs, every line ending in a newline — the layout
 * PyTorch's `add_embedding` writes. Non-finite values are refused: TensorBoard's reader would
 * accept "nan", but the projector's own TSV parser takes a non-numeric first field for a label,
 * which silently shifts that row's dimensions.
 */
export function tensorsTsv(values: Float32Array, n: number, d: number): string {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1 || values.length !== n * d) {
    throw new RangeError(`expected ${n}×${d} values, got ${values.length}`);
  }
  const lines = new Array<string>(n);
  const row = new Array<string>(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j];
      if (!Number.isFinite(v)) throw new RangeError(`value at row ${i}, column ${j} is ${v}`);
      row[j] = float32Text(v);
    }
    lines[i] = row.join('\t') + '\n';
  }
  return lines.join('');
}
