import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefusedInput, datasetToTable, writeArrowFile } from '@latentlens/data';
import { readExportInputs } from './exportInputs';

it('the export refuses a colour dataset (channels: 3) in one line, naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latentlens-export-colour-'));
  try {
    const datasetPath = join(dir, 'dataset.arrow');
    const colour = {
      ids: new Int32Array([0, 1]),
      splits: new Uint8Array([0, 1]),
      labels: new Uint8Array([0, 1]),
      pixels: new Uint8Array(2 * 2 * 3 * 3),
      rows: 2,
      cols: 3,
      channels: 3,
      classNames: ['red', 'blue'],
      source: 'images',
    };
    const meta = { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } };
    writeArrowFile(datasetPath, datasetToTable(colour, meta));
    const read = () =>
      readExportInputs({
        datasetPath,
        embeddingsPath: join(dir, 'none.arrow'),
        neighborsPath: join(dir, 'none.arrow'),
        projections: [],
      });
    expect(read).toThrow(RefusedInput);
    expect(read).toThrow(
      `${datasetPath}: colour images (channels: 3) are not supported by the export stage yet; use channels: 1 in the data stage`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
