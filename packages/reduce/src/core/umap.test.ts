import { exactKnn } from './knn';
import { knnLabelAccuracy } from './quality';
import { gaussianClusters } from './test-helpers/clusters';
import { umapEmbed, type UmapProgress } from './umap';

describe('umapEmbed', () => {
  const d = 10;
  const { data, labels, n } = gaussianClusters(3, 100, d, 4, 12);

  it('separates three Gaussian clusters', () => {
    const result = umapEmbed(data, n, d, { seed: 1, epochs: 120 });
    expect(result.dims).toBe(2);
    expect(result.coords.length).toBe(n * 2);
    expect(result.coords.every(Number.isFinite)).toBe(true);
    expect(knnLabelAccuracy(result.coords, 2, labels, 10)).toBeGreaterThan(0.95);
  });

  it('gives identical bytes for the same seed and different ones for another', () => {
    const a = umapEmbed(data, n, d, { seed: 5, epochs: 20 });
    const b = umapEmbed(data, n, d, { seed: 5, epochs: 20 });
    const c = umapEmbed(data, n, d, { seed: 6, epochs: 20 });
    expect(Buffer.from(a.coords.buffer).equals(Buffer.from(b.coords.buffer))).toBe(true);
    expect(Buffer.from(a.coords.buffer).equals(Buffer.from(c.coords.buffer))).toBe(false);
  });

  it('accepts a precomputed graph, 3 dimensions, and reports every epoch', () => {
    const graph = exactKnn(data, n, d, 20);
    const events: UmapProgress[] = [];
    const result = umapEmbed(
      data,
      n,
      d,
      { dims: 3, neighbors: 10, graph, epochs: 30, seed: 2 },
      (p) => events.push(p),
    );
    expect(result.dims).toBe(3);
    expect(result.coords.length).toBe(n * 3);
    expect(events.slice(0, 3).map((e) => e.phase)).toEqual(['neighbors', 'graph', 'init']);
    const optimize = events.filter((e) => e.phase !== 'init').slice(2);
    expect(optimize.every((e) => e.phase === 'optimize' && e.epochs === 30)).toBe(true);
    expect(optimize.map((e) => e.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Same graph passed in or computed inside: same result.
    const computed = umapEmbed(data, n, d, { dims: 3, neighbors: 10, epochs: 30, seed: 2 });
    expect(computed.coords).toEqual(result.coords);
  });

  it('rejects a spread or minDist outside their range', () => {
    expect(() => umapEmbed(data, n, d, { spread: 0 })).toThrow('spread must be positive, got 0');
    expect(() => umapEmbed(data, n, d, { minDist: 2 })).toThrow('minDist must be in 0..spread (1)');
    expect(() => umapEmbed(data, n, d, { minDist: NaN })).toThrow(/minDist/);
  });

  it('runs umap-js as an engine, from its own random start only', () => {
    const options = { seed: 4, epochs: 30, engine: 'umap-js' as const };
    const viaJs = umapEmbed(data, n, d, options);
    expect(viaJs.coords.every(Number.isFinite)).toBe(true);
    expect(viaJs.coords).not.toEqual(umapEmbed(data, n, d, { seed: 4, epochs: 30 }).coords);
    expect(() => umapEmbed(data, n, d, { ...options, init: 'pca' })).toThrow(
      'init applies to engine latentlens',
    );
  });

  it('starts from a spectral, PCA or random layout, each separating the clusters', () => {
    for (const init of ['spectral', 'pca', 'random'] as const) {
      const { coords } = umapEmbed(data, n, d, { seed: 1, epochs: 120, init });
      expect(knnLabelAccuracy(coords, 2, labels, 10)).toBeGreaterThan(0.95);
    }
  });

  it('falls back from spectral to PCA on a graph in pieces, and says why', () => {
    // Each cluster's points have all their neighbours in their own cluster.
    const graph = exactKnn(data, n, d, 9);
    const notes: string[] = [];
    const spectral = umapEmbed(data, n, d, { neighbors: 10, graph, epochs: 10, seed: 3 }, (p) => {
      if (p.note) notes.push(p.note);
    });
    expect(notes).toEqual([expect.stringContaining('3 separate pieces')]);
    const pca = umapEmbed(data, n, d, { neighbors: 10, graph, epochs: 10, seed: 3, init: 'pca' });
    expect(spectral.coords).toEqual(pca.coords);
  });

  it('rejects a graph with too few neighbours', () => {
    const graph = exactKnn(data, n, d, 5);
    expect(() => umapEmbed(data, n, d, { neighbors: 15, graph })).toThrow(/need 300 × 14/);
  });
});
