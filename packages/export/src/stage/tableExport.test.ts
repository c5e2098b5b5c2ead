import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  neighborsToTable,
  projectionToTable,
  readArrowFile,
  runDataStage,
  silentProgress,
  tableToEmbeddings,
  writeArrowFile,
} from '@latentlens/data';
import { runExportStage } from './exportStage';

/**
 * The export of a pipeline over a table of vectors: the real data stage reads a CSV (no images,
 * no reconstruction error), a projection of its first two dimensions stands in for a reduction,
 * and the export must leave out only what needs images or an autoencoder.
 */
describe('export of a table of vectors', () => {
  let root: string;
  let out: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'latentlens-table-export-'));
    const lines = ['kind,a,b,c'];
    for (let i = 0; i < 30; i++)
      lines.push(`${['x', 'y', 'z'][i % 3]},${i % 3},${i / 7},${Math.cos(i)}`);
    writeFileSync(join(root, 't.csv'), lines.join('\n'));
    const data = join(root, 'data');
    await runDataStage({
      config: {
        source: 'table',
        path: join(root, 't.csv'),
        vector: ['a', 'b', 'c'],
        label: 'kind',
      },
      outDir: data,
    });
    const embeddings = tableToEmbeddings(readArrowFile(join(data, 'embeddings.arrow')));
    const n = embeddings.ids.length;
    const coords = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) coords.set(embeddings.values.subarray(i * 3, i * 3 + 2), i * 2);
    mkdirSync(join(root, 'pca'));
    writeArrowFile(
      join(root, 'pca', 'projection.arrow'),
      projectionToTable(
        {
          ids: embeddings.ids,
          dims: 2,
          coords,
          info: { name: 'pca', method: 'pca', params: {}, quality: { knn10: 1 } },
        },
        { stage: 'reduce', version: 'test', config: {}, provenance: { inputs: [] } },
      ),
    );
    // Stand-in neighbours (the export searches none): row i lists the two rows after it.
    mkdirSync(join(root, 'neighbors'));
    writeArrowFile(
      join(root, 'neighbors', 'neighbors.arrow'),
      neighborsToTable(
        {
          ids: embeddings.ids,
          neighbors: {
            n,
            k: 2,
            indices: Int32Array.from({ length: n * 2 }, (_, e) => ((e >> 1) + 1 + (e & 1)) % n),
            distances: Float32Array.from({ length: n * 2 }, (_, e) => 1 + (e & 1)),
          },
          method: 'exact',
        },
        { stage: 'neighbors', version: 'test', config: {}, provenance: { inputs: [] } },
      ),
    );
    out = join(root, 'export');
    await runExportStage({
      config: { invertSprite: false, rawPixels: true, projectorBaseUrl: '' },
      datasetPath: join(data, 'dataset.arrow'),
      embeddingsPath: join(data, 'embeddings.arrow'),
      neighborsPath: join(root, 'neighbors', 'neighbors.arrow'),
      projections: [{ name: 'pca', path: join(root, 'pca', 'projection.arrow') }],
      // As the CLI passes them from reduce's registry.
      methods: { pca: { displayName: 'PCA', axisLabel: 'PC' } },
      outDir: out,
      progress: silentProgress,
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes tensors, metadata, projections, viewer and report, and no sprite, pixels or loss', () => {
    for (const file of ['tensorboard/sprite.png', 'projector/sprite.png', 'projector/pixels.bytes'])
      expect(existsSync(join(out, file))).toBe(false);
    for (const file of ['tensorboard/vectors/tensors.tsv', 'projector/vectors.bytes'])
      expect(existsSync(join(out, file))).toBe(true);
    expect(existsSync(join(out, 'tensorboard/autoencoder'))).toBe(false);
    const metadata = readFileSync(join(out, 'tensorboard/metadata.tsv'), 'utf8').split('\n');
    expect(metadata[0]).toBe('label\tclass\tsplit\tid');
    expect(metadata).toHaveLength(32);
    const config = JSON.parse(readFileSync(join(out, 'projector/projector_config.json'), 'utf8'));
    expect(config.embeddings).toHaveLength(1);
    expect(config.embeddings[0].sprite).toBeUndefined();
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.figures).toEqual(['projection-pca']);
    const viewer = JSON.parse(readFileSync(join(out, 'viewer/data/manifest.json'), 'utf8'));
    expect(viewer.thumbnails.pages).toEqual([]);
    expect(viewer.neighbors.space).toBe('table vectors (3-D, Euclidean)');
    expect(viewer.count).toBe(30);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/30 rows, without images/);
    expect(report).not.toMatch(/reconstruction error|## Model/);
    expect(report).toMatch(/PCA of 30 vectors, coloured by class/);
  });

  it('names the tensor by what it is, the table’s vectors, not an autoencoder’s code', () => {
    const config = JSON.parse(readFileSync(join(out, 'projector/projector_config.json'), 'utf8'));
    expect(config.embeddings[0]).toMatchObject({
      tensorName: 'table vectors',
      tensorPath: 'vectors.bytes',
      tensorShape: [30, 3],
    });
    const pbtxt = readFileSync(join(out, 'tensorboard/projector_config.pbtxt'), 'utf8');
    expect(pbtxt).toContain('tensor_name: "table vectors"');
    expect(pbtxt).toContain('tensor_path: "vectors/tensors.tsv"');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.tensorboardEmbeddings).toEqual(['table vectors']);
    expect(manifest.projectorEmbeddings).toEqual(['table vectors']);
    const everything = [
      'manifest.json',
      'report.md',
      'report.html',
      'projector/projector_config.json',
      'tensorboard/projector_config.pbtxt',
      'viewer/data/manifest.json',
    ].map((file) => readFileSync(join(out, file), 'utf8'));
    for (const text of everything) expect(text).not.toMatch(/autoencoder/i);
  });
});
