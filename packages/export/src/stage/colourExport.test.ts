import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import {
  MetadataColumn,
  datasetToTable,
  readArrowFile,
  runDataStage,
  tableToDataset,
  writeArrowFile,
} from '@latentlens/data';
import type { ViewerManifest } from '../viewer/viewerManifest';
import { runExportStage } from './exportStage';
import { writeSyntheticArtifacts } from './test-helpers/syntheticArtifacts';

/**
 * A colour dataset with metadata columns through the real data source and export: 12×8 RGB
 * images (class blue and class red), the images source's path and category, a number column
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
    // Real PNG files through the images source: 12 red and 12 blue drawings, their names holding
    // a tab (legal in a Linux file name) that metadata.tsv must not take for a column break.
    const images = join(root, 'images');
    for (const [name, rgb] of [
      ['red', [230, 30, 20]],
      ['blue', [20, 40, 230]],
    ] as const) {
      mkdirSync(join(images, name), { recursive: true });
      for (let i = 0; i < n / 2; i++) {
        const png = new PNG({ width: cols, height: rows });
        for (let p = 0; p < rows * cols; p++) png.data.set([...rgb, 255], p * 4);
        writeFileSync(
          join(images, name, `a\t${String(i).padStart(2, '0')}.png`),
          PNG.sync.write(png),
        );
      }
    }
    const data = await runDataStage({
      config: { source: 'images', dir: images, size: [rows, cols], channels: 3, test: 0.5 },
      outDir: join(root, 'data'),
    });
    // Two more columns, as a table source would give them: numbers with a missing value, and
    // one named like a column of the export's own.
    const dataset = tableToDataset(readArrowFile(data.path));
    const extra: MetadataColumn[] = [
      {
        name: 'size',
        kind: 'number',
        values: Float64Array.from(dataset.ids, (id) => (id === 1 ? NaN : id * 1.5)),
      },
      { name: 'class', kind: 'text', values: Array.from(dataset.ids, () => 'x') },
    ];
    const datasetPath = join(root, 'dataset.arrow');
    const meta = { stage: 'data', version: 'test', config: {}, provenance: { inputs: [] } };
    writeArrowFile(
      datasetPath,
      datasetToTable({ ...dataset, columns: [...dataset.columns!, ...extra] }, meta),
    );
    const paths = writeSyntheticArtifacts(root, datasetPath, {
      embed: 'test',
      reconstructionsPerClass: 2,
    });
    out = join(root, 'export');
    await runExportStage({ ...paths, config: { invertSprite: false }, outDir: out });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The embedded rows as metadata.tsv lists them: header, then one field list per image. */
  const metadata = () => {
    const [header, ...lines] = read('tensorboard/metadata.tsv').trimEnd().split('\n');
    return { header: header.split('\t'), rows: lines.map((line) => line.split('\t')) };
  };
  const COLOURS = { blue: [20, 40, 230], red: [230, 30, 20] };

  it('writes an RGB sprite whose cells hold the images in colour', () => {
    const sprite = PNG.sync.read(readFileSync(join(out, 'tensorboard', 'sprite.png')));
    expect(sprite.colorType).toBe(2);
    // 12 test images (half of each class): 4 per row, cells of 8×12.
    expect([sprite.width, sprite.height]).toEqual([4 * cols, 4 * rows]);
    metadata().rows.forEach(([, className], i) => {
      const at = (Math.floor(i / 4) * rows * sprite.width + (i % 4) * cols) * 4;
      expect([...sprite.data.subarray(at, at + 3)]).toEqual(
        COLOURS[className as keyof typeof COLOURS],
      );
    });
    expect(read('tensorboard/projector_config.pbtxt')).toContain('single_image_dim: 8');
  });

  it("writes every column to metadata.tsv after the export's own, a tab in a value as a space", () => {
    const { header, rows: lines } = metadata();
    expect(lines).toHaveLength(n / 2);
    expect(header).toEqual([
      'label',
      'class',
      'split',
      'id',
      'reconstructionError',
      'path',
      'category',
      'size',
      'class (images)',
    ]);
    for (const [, className, , id, , path, category, size, own] of lines) {
      expect(path).toMatch(new RegExp(`^${className}/a \\d\\d\\.png$`));
      expect(category).toBe(className);
      expect(size).toBe(id === '1' ? '' : String(Number(id) * 1.5));
      expect(own).toBe('x');
    }
  });

  it('gives the viewer RGB thumbnails and the columns to colour and search by', () => {
    const manifest: ViewerManifest = JSON.parse(read('viewer/data/manifest.json'));
    expect(manifest.columns?.map((c) => [c.name, c.kind])).toEqual([
      ['path', 'text'],
      ['category', 'text'],
      ['size', 'number'],
      ['class', 'text'],
    ]);
    const category = manifest.columns![1];
    expect(category.kind === 'text' && [...category.values].sort()).toEqual(['blue', 'red']);
    const size = manifest.columns![2];
    const sizes = metadata()
      .rows.map((r) => r[7])
      .filter((v) => v !== '')
      .map(Number);
    expect(size.kind === 'number' && [size.min, size.max]).toEqual([
      Math.min(...sizes),
      Math.max(...sizes),
    ]);
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
    expect(report).toMatch(/\| `size` \| number \| [\d.]+ to [\d.]+( \(1 missing\))? \|/);
    expect(report).toMatch(/\| `path` \| text \| 12 distinct \|/);
    expect(report).toMatch(/\| `category` \| text \| 2 distinct \|/);
  });
});
