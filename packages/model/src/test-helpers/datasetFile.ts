import { join } from 'node:path';
import { datasetToTable, writeArrowFile } from '@latentlens/data';
import { mnistDigits } from '../core/test-helpers/mnistDigits';

/**
 * Writes `<dir>/dataset.arrow` holding `train` + `test` real MNIST digits (the first `train` are
 * the train split) and returns its path.
 */
export function writeDigitsDataset(dir: string, train: number, test: number): string {
  const n = train + test;
  const { pixels, labels } = mnistDigits(n);
  const path = join(dir, 'dataset.arrow');
  const table = datasetToTable(
    {
      ids: Int32Array.from({ length: n }, (_, i) => i),
      splits: Uint8Array.from({ length: n }, (_, i) => (i < train ? 0 : 1)),
      labels,
      pixels,
      rows: 28,
      cols: 28,
      classNames: Array.from({ length: 10 }, (_, d) => String(d)),
      source: 'mnist',
    },
    { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } },
  );
  writeArrowFile(path, table);
  return path;
}
