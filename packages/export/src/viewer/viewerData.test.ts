import { Embeddings, NeighborList, Projection } from '@latentlens/data';
import { PNG } from 'pngjs';
import { viewerData } from './viewerData';
import { ViewerArrayFile, ViewerManifest } from './viewerManifest';
import { vectorNames } from '../core/vectorNames';

const n = 5000;
const rows = 3;
const cols = 2;

function fixture() {
  const ids = Int32Array.from({ length: n }, (_, i) => 1000 + i);
  const embeddings: Embeddings = {
    ids,
    splits: Uint8Array.from({ length: n }, (_, i) => i % 2),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 3),
    values: Float32Array.from({ length: n * 2 }, (_, t) => (t % 2 ? 0 : Math.floor(t / 2))),
    dim: 2,
    reconstructionError: Float32Array.from({ length: n }, (_, i) => 0.5 + i),
  };
  const pixels = Uint8Array.from(
    { length: n * rows * cols },
    (_, t) => (Math.floor(t / (rows * cols)) * 7 + t) % 256,
  );
  const projection = (name: string, dims: number): Projection => ({
    ids,
    dims,
    coords: Float32Array.from(
      { length: n * dims },
      (_, t) => (t % dims) * 10 + Math.floor(t / dims),
    ),
    info: {
      name,
      method: 'pca',
      params: { dims },
      quality: { knn10: 0.9 },
      explainedVarianceRatio: [0.5, 0.2],
    },
  });
  // As the neighbours stage would list them for points on a line: row i's two nearest are the
  // rows beside it (the ends: the next two inwards), at distance 1 then 1 or 2.
  const k = 2;
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const pair = i === 0 ? [1, 2] : i === n - 1 ? [n - 2, n - 3] : [i - 1, i + 1];
    indices.set(pair, i * k);
    distances.set(
      pair.map((j) => Math.abs(j - i)),
      i * k,
    );
  }
  const neighbors: NeighborList = { n, k, indices, distances };
  return {
    embeddings,
    pixels,
    neighbors,
    projections: [projection('tsne', 2), projection('pca 3d', 3)],
  };
}

function read(files: Map<string, Uint8Array>, file: ViewerArrayFile) {
  const bytes = files.get(`data/${file.path}`)!.slice();
  const array = {
    int32: Int32Array,
    uint8: Uint8Array,
    float32: Float32Array,
    float64: Float64Array,
  }[file.dtype];
  return Array.from(new array(bytes.buffer));
}

const codes = vectorNames('encode');

describe('viewerData', () => {
  const { embeddings, pixels, neighbors, projections } = fixture();
  const files = viewerData({
    embeddings,
    classNames: ['a', 'b', 'c'],
    thumbnails: { pixels, rows, cols },
    projections,
    neighbors,
    vectors: codes,
    title: 'test',
  });
  const manifest: ViewerManifest = JSON.parse(
    new TextDecoder().decode(files.get('data/manifest.json')),
  );

  it('describes every file it writes, and writes nothing else', () => {
    const described = [
      manifest.ids,
      manifest.labels,
      manifest.splits,
      manifest.reconstructionError,
      manifest.neighbors.indices,
      manifest.neighbors.distances,
      ...manifest.projections.map((p) => p.coords),
    ].map((f) => `data/${f.path}`);
    const pages = manifest.thumbnails.pages.map((p) => `data/${p}`);
    expect([...files.keys()].sort()).toEqual(['data/manifest.json', ...described, ...pages].sort());
    for (const f of [
      manifest.ids,
      manifest.reconstructionError,
      ...manifest.projections.map((p) => p.coords),
    ]) {
      expect(files.get(`data/${f.path}`)!.length).toBe(f.length * (f.dtype === 'uint8' ? 1 : 4));
    }
  });

  it('keeps ids, labels, splits and errors in row order', () => {
    expect(manifest).toMatchObject({
      format: 1,
      title: 'test',
      count: n,
      classNames: ['a', 'b', 'c'],
      splitNames: ['train', 'test'],
    });
    expect(read(files, manifest.ids)).toEqual(Array.from(embeddings.ids));
    expect(read(files, manifest.labels)).toEqual(Array.from(embeddings.labels));
    expect(read(files, manifest.splits)).toEqual(Array.from(embeddings.splits));
    expect(read(files, manifest.reconstructionError)).toEqual(
      Array.from(embeddings.reconstructionError!),
    );
    expect(manifest.reconstructionError).toMatchObject({ min: 0.5, max: n - 0.5 });
  });

  it('stores coordinates planar (all x, then all y, then z) with the projection info', () => {
    const pca = manifest.projections[1];
    expect(pca).toMatchObject({
      name: 'pca 3d',
      method: 'pca',
      dims: 3,
      params: { dims: 3 },
      quality: { knn10: 0.9 },
    });
    expect(pca.explainedVarianceRatio).toEqual([0.5, 0.2]);
    const coords = read(files, pca.coords);
    expect([coords[0], coords[1], coords[n], coords[2 * n + 4]]).toEqual([0, 1, 10, 24]);
  });

  it("writes the neighbours stage's list as it is: Int32 rows and Float32 distances", () => {
    expect(manifest.neighbors).toMatchObject({ k: 2, space: 'autoencoder code (2-D, Euclidean)' });
    const indices = read(files, manifest.neighbors.indices);
    expect(indices).toEqual([...neighbors.indices]);
    expect(indices.slice(0, 2)).toEqual([1, 2]);
    expect(indices.slice(20, 22)).toEqual([9, 11]);
    expect(read(files, manifest.neighbors.distances)).toEqual([...neighbors.distances]);
  });

  it('cuts thumbnails into sprite pages where point i is cell i % perPage of page ⌊i / perPage⌋', () => {
    const t = manifest.thumbnails;
    expect(t).toMatchObject({ perPage: 4096, perRow: [64, 31], cellRows: rows, cellCols: cols });
    expect(t.pages).toHaveLength(2);
    const i = 4096 + 31 * 2 + 5;
    const page = PNG.sync.read(Buffer.from(files.get(`data/${t.pages[1]}`)!));
    const cell = i - t.perPage;
    const left = (cell % t.perRow[1]) * cols;
    const top = Math.floor(cell / t.perRow[1]) * rows;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        // pngjs decodes to RGBA; the grey level is in every colour channel.
        expect(page.data[((top + r) * page.width + left + c) * 4]).toBe(
          pixels[i * rows * cols + r * cols + c],
        );
      }
    }
  });

  it('refuses a neighbour list of other points', () => {
    const short = { ...neighbors, n: n - 1, indices: neighbors.indices.subarray(2) };
    expect(() =>
      viewerData({
        embeddings,
        classNames: [],
        thumbnails: { pixels, rows, cols },
        projections: [],
        neighbors: short,
        vectors: codes,
      }),
    ).toThrow(`the neighbour list does not hold 2 entries for each of ${n} points`);
  });

  it('refuses projections whose rows are not the embeddings rows', () => {
    const shuffled = { ...projections[0], ids: embeddings.ids.slice().reverse() };
    expect(() =>
      viewerData({
        embeddings,
        classNames: [],
        thumbnails: { pixels, rows, cols },
        projections: [shuffled],
        neighbors,
        vectors: codes,
      }),
    ).toThrow(/rows do not match/);
    expect(() =>
      viewerData({
        embeddings,
        classNames: [],
        thumbnails: { pixels: pixels.subarray(6), rows, cols },
        projections: [],
        neighbors,
        vectors: codes,
      }),
    ).toThrow(/thumbnails hold/);
  });
});
