import { exactKnn } from '../knn';
import { gaussianClusters } from '../test-helpers/clusters';
import { loadMnistDigits } from '../test-helpers/mnistDigits';
import { knnLabelAccuracy } from '../quality';
import { tsneAffinities } from './affinities';
import { klDivergence } from './kl';
import { tsneEmbed } from './tsne';
import type { TsneProgress } from './types';

describe('tsneEmbed', () => {
  // Three well-separated Gaussian clusters in 10-D, 100 points each.
  const { data, labels, n } = gaussianClusters(3, 100, 10, 10, 1);
  const d = 10;

  test.each([2, 3] as const)(
    'keeps well-separated clusters apart in %i-D (10-NN label accuracy > 0.95)',
    (dims) => {
      const result = tsneEmbed(data, n, d, { dims });
      expect(result.dims).toBe(dims);
      expect(result.coords).toHaveLength(n * dims);
      expect(result.coords.every(Number.isFinite)).toBe(true);
      expect(knnLabelAccuracy(result.coords, dims, labels, 10)).toBeGreaterThan(0.95);
      expect(result.kl).toBeGreaterThan(0);
      expect(result.kl).toBeLessThan(1.5);
    },
  );

  test('keeps the clusters apart with the FFT gradient too', () => {
    const result = tsneEmbed(data, n, d, { gradient: 'fft' });
    expect(knnLabelAccuracy(result.coords, 2, labels, 10)).toBeGreaterThan(0.95);
    expect(result.kl).toBeLessThan(1.5);
  });

  test('the same seed gives identical bytes; a different seed gives a different layout', () => {
    const options = { init: 'random' as const, iterations: 300, seed: 42 };
    const a = tsneEmbed(data, n, d, options);
    const b = tsneEmbed(data, n, d, options);
    expect(Buffer.from(a.coords.buffer).equals(Buffer.from(b.coords.buffer))).toBe(true);
    expect(a.kl).toBe(b.kl);
    const c = tsneEmbed(data, n, d, { ...options, seed: 43 });
    expect(Buffer.from(a.coords.buffer).equals(Buffer.from(c.coords.buffer))).toBe(false);
  });

  test('reports neighbours, affinities, then optimisation with a falling KL', () => {
    const events: TsneProgress[] = [];
    const result = tsneEmbed(data, n, d, { iterations: 500 }, (p) => events.push(p));
    expect(events[0].phase).toBe('neighbors');
    expect(events[1].phase).toBe('affinities');
    const optimize = events.slice(2);
    expect(optimize.every((e) => e.phase === 'optimize' && e.iterations === 500)).toBe(true);
    expect(optimize.map((e) => e.iteration)).toEqual([
      50, 100, 150, 200, 250, 300, 350, 400, 450, 500,
    ]);
    const afterExaggeration = optimize
      .filter((e) => (e.iteration ?? 0) > 250)
      .map((e) => e.kl ?? NaN);
    expect(afterExaggeration[afterExaggeration.length - 1]).toBeLessThan(afterExaggeration[0]);
    // The progress KL uses the tree's Z; the final one the exact Z: both describe nearly one layout.
    expect(Math.abs(afterExaggeration[afterExaggeration.length - 1] - result.kl)).toBeLessThan(
      0.05,
    );
  });

  test('uses a precomputed neighbour graph and rejects one that is too small', () => {
    const graph = exactKnn(data, n, d, 75);
    const viaGraph = tsneEmbed(data, n, d, { graph, iterations: 50 });
    const direct = tsneEmbed(data, n, d, { iterations: 50 });
    expect(viaGraph.coords).toEqual(direct.coords);
    expect(() => tsneEmbed(data, n, d, { graph: exactKnn(data, n, d, 30) })).toThrow(/k >= 75/);
  });

  test('rejects bad options', () => {
    expect(() => tsneEmbed(data, n, d + 1)).toThrow(/expected/);
    expect(() => tsneEmbed(data, n, d, { dims: 4 as 2 })).toThrow(/dims/);
    expect(() => tsneEmbed(data, n, d, { perplexity: 0 })).toThrow(/perplexity/);
    expect(() => tsneEmbed(data, n, d, { learningRate: -1 })).toThrow(/learningRate/);
    expect(() => tsneEmbed(data, n, d, { dims: 3, gradient: 'fft' })).toThrow(/2-D only/);
    expect(() => tsneEmbed(data, n, d, { gradient: 'fast' as 'fft' })).toThrow(/gradient/);
  });

  test('handles tiny inputs and exact duplicates', () => {
    const tiny = new Float32Array([0, 0, 1, 1, 1, 1, 5, 5]);
    const result = tsneEmbed(tiny, 4, 2, { iterations: 100 });
    expect(result.coords.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(result.kl)).toBe(true);
  });
});

test('Barnes-Hut (theta 0.5) lands within 2% of the exact gradient (theta 0) on MNIST digits', () => {
  // Same P (all pairs, so the only approximation left is the repulsion), same start, same
  // optimiser. Comparing runs on different P's would measure which local minimum each one found:
  // on 200 of these digits that alone moved the KL by up to 20%.
  const { data, n, d } = loadMnistDigits(15);
  const neighbors = exactKnn(data, n, d, n - 1);
  // A random start skips two 784-D PCAs, the slowest part of runs this small. Small steps keep
  // both runs on one path, so that the KL measures the repulsion's error, not which minimum
  // 'auto's larger steps (200 on 150 points) happen to reach.
  const common = { graph: neighbors, init: 'random' as const, learningRate: 50 };
  const exact = tsneEmbed(data, n, d, { ...common, theta: 0 });
  const fast = tsneEmbed(data, n, d, { ...common, theta: 0.5 });
  expect(exact.kl).toBeCloseTo(klDivergence(tsneAffinities(neighbors, 25), exact.coords, 2), 10);
  expect(Math.abs(fast.kl - exact.kl) / exact.kl).toBeLessThan(0.02);
});
