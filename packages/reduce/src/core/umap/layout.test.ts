import { exactKnn } from '../knn';
import { knnLabelAccuracy, trustworthiness } from '../quality';
import { loadMnistDigits } from '../test-helpers/mnistDigits';
import { seededRandom } from '../random';
import {
  layoutMemory,
  layoutOf,
  resolveUmapSettings,
  umapEmbed,
  umapGraph,
  type UmapOptions,
} from '../umap';
import { layoutEdges, rowBlocks, shapeOf } from './layout';

describe('our UMAP engine, held to umap-js', () => {
  // 2,000 real MNIST digits (200 of each), the same exact neighbours for every run; 200 epochs
  // (umap-learn's figure above 10,000 rows) keep umap-js's runs short.
  const { data, labels, n, d } = loadMnistDigits(200);
  const graph = exactKnn(data, n, d, 14);
  const seeds = [1, 2, 3];

  function mean(options: UmapOptions): { knn10: number; trust10: number } {
    let knn10 = 0;
    let trust10 = 0;
    for (const seed of seeds) {
      const { coords } = umapEmbed(data, n, d, { ...options, epochs: 200, seed, graph });
      knn10 += knnLabelAccuracy(coords, 2, labels, 10) / seeds.length;
      trust10 += trustworthiness(data, d, coords, 2, 10, { sample: 500, seed: 0 }) / seeds.length;
    }
    return { knn10, trust10 };
  }

  // Computed once for both tests; on an idle machine the whole file takes about half a minute.
  let reference: { knn10: number; trust10: number };
  beforeAll(() => {
    reference = mean({ engine: 'umap-js' });
  }, 600_000);

  test("from umap-js's random start, within 0.01 of umap-js's quality on average", () => {
    const ours = mean({ init: 'random' });
    expect(Math.abs(ours.knn10 - reference.knn10)).toBeLessThan(0.01);
    expect(Math.abs(ours.trust10 - reference.trust10)).toBeLessThan(0.01);
  }, 600_000);

  test('from the default spectral start, no worse than umap-js less 0.01', () => {
    const ours = mean({});
    expect(ours.knn10).toBeGreaterThan(reference.knn10 - 0.01);
    expect(ours.trust10).toBeGreaterThan(reference.trust10 - 0.01);
  }, 600_000);
});

describe('layoutEdges and rowBlocks', () => {
  test('drop the entries sampled less than once and cut rows by edge counts', () => {
    // A path 0-1-2-3 with weights 1, 0.5 and 0.001: the last is below max / epochs = 0.01.
    const fuzzy = {
      n: 4,
      rowPtr: Int32Array.from([0, 1, 3, 5, 6]),
      cols: Int32Array.from([1, 0, 2, 1, 3, 2]),
      vals: Float64Array.from([1, 1, 0.5, 0.5, 0.001, 0.001]),
    };
    const edges = layoutEdges(fuzzy, 100);
    expect([...edges.rowPtr]).toEqual([0, 1, 3, 4, 4]);
    expect([...edges.other]).toEqual([1, 0, 2, 1]);
    expect([...edges.epochsPerSample]).toEqual([1, 1, 2, 2]);
    expect([...rowBlocks(edges.rowPtr, 2)]).toEqual([0, 2, 4]);
  });
});

describe('the 2-D descent in WebAssembly', () => {
  test('moves every point as the JS loop does, bit for bit', () => {
    // 400 points of 8 values in 4 clusters, their exact neighbours, a random start (±10) and 60
    // epochs over the 8 row blocks: both rounds (move, settle) of every epoch in both engines.
    const n = 400;
    const d = 8;
    const random = seededRandom(5);
    const data = new Float32Array(n * d);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < d; c++) data[i * d + c] = (i % 4 === c % 4 ? 3 : 0) + random();
    const settings = resolveUmapSettings({ epochs: 60, seed: 3 }, n);
    const edges = layoutEdges(umapGraph(exactKnn(data, n, d, 14), n, settings), settings.epochs);
    const start = Float32Array.from({ length: 2 * n }, () => random() * 20 - 10);
    const shape = shapeOf(edges);
    const [js, wasm] = [null, layoutMemory(shape, settings)].map((memory) => {
      const layout = layoutOf(shape, settings, memory);
      layout.start(start, edges);
      layout.optimize();
      return layout.coords;
    });
    expect(Buffer.from(wasm.buffer, wasm.byteOffset, wasm.byteLength)).toEqual(
      Buffer.from(js.buffer, js.byteOffset, js.byteLength),
    );
    let moved = 0;
    for (let p = 0; p < start.length; p++) moved = Math.max(moved, Math.abs(wasm[p] - start[p]));
    expect(moved).toBeGreaterThan(1);
  });
});
