import { pcaEmbed, type PcaResult } from '../pca';
import { defineMethod } from './types';

export const pca = defineMethod({
  id: 'pca',
  displayName: 'PCA',
  axisLabel: 'PCA',
  seeded: false,
  dims: { min: 1, max: 1024, default: 3 },
  parameters: {},
  embed(data, n, d, options, onProgress: (phase: 'pca') => void): PcaResult {
    onProgress('pca');
    return pcaEmbed(data, n, d, { dims: options.dims });
  },
  progress: (phase, report) => report(phase),
  result: (r, dims) => ({
    coords: r.coords,
    dims,
    stats: {},
    explainedVarianceRatio: [...r.explainedVarianceRatio],
  }),
});
