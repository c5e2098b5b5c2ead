import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { datasetToTable, writeArrowFile } from '@latentlens/data';
import type { ViewerManifest } from '../viewer/viewerManifest';
import { runExportStage } from './exportStage';
import { writeSyntheticArtifacts } from './test-helpers/syntheticArtifacts';

/**
 * A colour dataset with metadata columns through the real export: 12×8 RGB images (red for class
 * 0, blue for class 1), a text column whose values hold a tab and a line break, a number column
 * with a missing value, and a column named like one of the export's own.
 */
describe('the export of a colour dataset with metadata columns', () => {
  const n = 24;
  const [rows, cols] = [12, 8];
  let root: string;
  let out: string;
  const read = (file: string) => readFileSync(join(out, file), 'utf8');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'latentlens-export-colour-'));
    const pixels = new Uint8Array(n * rows * cols * 3);
    for (let i = 0; i < n; i++)
      for (let p = 0; p < rows * cols; p++)
        pixels.set(i % 2 ? [20, 40, 230] : [230, 30, 20], (i * rows * cols + p) * 3);
    const datasetPath = join(root, 'dataset.arrow');
    writeArrowFile(
      datasetPath,
      datasetToTable(
        {
          ids: Int32Array.from({ length: n }, (_, i) => i),
          splits: Uint8Array.from({ length: n }, (_, i) => (i < 8 ? 0 : 1)),
          labels: Uint8Array.from({ length: n }, (_, i) => i % 2),
          pixels,
          rows,
          cols,
          channels: 3,
          classNames: ['red', 'blue'],
          source: 'images',
          columns: [
            {
              name: 'path',
              kind: 'text',
              values: Array.from({ length: n }, (_, i) => `folder\t${i}\nb.png`),
            },
            {
              name: 'size',
              kind: 'number',
              values: Float64Array.from({ length: n }, (_, i) => (i === 9 ? NaN : i * 1.5)),
            },
            { name: 'class', kind: 'text', values: Array.from({ length: n }, () => 'x') },
          ],
        },
        { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } },
      ),
    );
    const paths = writeSyntheticArtifacts(root, datasetPath, {
      embed: 'test',
      reconstructionsPerClass: 2,
    });
    out = join(root, 'export');
    await runExportStage({ ...paths, config: { invertSprite: false }, outDir: out });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes an RGB sprite whose cells hold the images in colour', () => {
    const sprite = PNG.sync.read(readFileSync(join(out, 'tensorboard', 'sprite.png')));
    expect(sprite.colorType).toBe(2);
    // 16 test images: 4 per row, 8×12 cells; the first embedded image is id 8 (red).
    expect([sprite.width, sprite.height]).toEqual([4 * cols, 4 * rows]);
    expect([...sprite.data.subarray(0, 3)]).toEqual([230, 30, 20]);
    const second = cols * 4;
    expect([...sprite.data.subarray(second, second + 3)]).toEqual([20, 40, 230]);
    expect(read('tensorboard/projector_config.pbtxt')).toContain('single_image_dim: 8');
  });

  it("writes every column to metadata.tsv after the export's own, tabs and line breaks as spaces", () => {
    const lines = read('tensorboard/metadata.tsv').trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 16);
    expect(lines[0].split('\t')).toEqual([
      'label',
      'class',
      'split',
      'id',
      'reconstructionError',
      'path',
      'size',
      'class (images)',
    ]);
    expect(lines[1].split('\t').slice(5)).toEqual(['folder 8 b.png', '12', 'x']);
    expect(lines[2].split('\t')[6]).toBe(''); // id 9's size is missing
  });

  it('gives the viewer RGB thumbnails and the columns to colour and search by', () => {
    const manifest: ViewerManifest = JSON.parse(read('viewer/data/manifest.json'));
    expect(manifest.columns?.map((c) => [c.name, c.kind])).toEqual([
      ['path', 'text'],
      ['size', 'number'],
      ['class', 'text'],
    ]);
    const size = manifest.columns![1];
    expect(size.kind === 'number' && [size.min, size.max]).toEqual([12, 34.5]);
    const page = PNG.sync.read(
      readFileSync(join(out, 'viewer', 'data', manifest.thumbnails.pages[0])),
    );
    expect(page.colorType).toBe(2);
    expect([manifest.thumbnails.cellRows, manifest.thumbnails.cellCols]).toEqual([rows, cols]);
  });

  it('draws the reconstruction grid in colour and lists the columns in the report', () => {
    const svg = read('figures/reconstructions.svg');
    const png = svg.match(/data:image\/png;base64,([A-Za-z0-9+/=]+)/)![1];
    const image = PNG.sync.read(Buffer.from(png, 'base64'));
    expect(image.colorType).toBe(2);
    const report = read('report.md');
    expect(report).toContain('images of 12×8 in colour (RGB)');
    expect(report).toMatch(/\| `size` \| number \| 12 to 34\.5 \(1 missing\) \| 12 \|/);
    expect(report).toMatch(/\| `path` \| text \| 16 distinct \|/);
  });
});
