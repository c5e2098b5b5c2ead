import { gaussianClusters } from './test-helpers/clusters';
import { reduce } from './reduce';
import { tsneEmbed } from './tsne/tsne';

describe('reduce', () => {
  const d = 6;
  const { data, n } = gaussianClusters(3, 40, d, 4, 1);

  it('passes every t-SNE parameter through', () => {
    const options = { perplexity: 8, iterations: 80, earlyExaggerationIterations: 20, seed: 3 };
    const viaConfig = reduce(data, n, d, { method: 'tsne', ...options });
    expect(viaConfig.coords).toEqual(tsneEmbed(data, n, d, options).coords);
    expect(viaConfig.stats.iterations).toBe(80);
  });

  it('names a parameter the method does not know, with the ones it does', () => {
    expect(() => reduce(data, n, d, { method: 'umap', perplexity: 30 })).toThrow(
      'reduce: unknown parameter "perplexity" for method umap (known: dims, seed, neighbors, minDist, spread, epochs, negativeSampleRate, learningRate, engine, init)',
    );
  });

  it('names a value out of its declared range, with the range', () => {
    expect(() => reduce(data, n, d, { method: 'umap', minDist: 2 })).toThrow(
      'reduce: umap parameter minDist = 2 is not allowed (use a number from 0 to 1)',
    );
    expect(() => reduce(data, n, d, { method: 'tsne', learningRate: 'fast' })).toThrow(
      'reduce: tsne parameter learningRate = "fast" is not allowed (use "auto" or a number greater than 0)',
    );
  });
});
