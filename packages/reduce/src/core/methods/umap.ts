import { field, int, num, oneOf } from '@latentlens/data';
import { umapEmbed, type UmapProgress } from '../umap';
import { defineMethod, type DimsRange } from './types';

export const umap = defineMethod({
  id: 'umap',
  displayName: 'UMAP',
  axisLabel: 'UMAP',
  seeded: true,
  dims: { min: 2, max: 3, default: 2 } as DimsRange<2 | 3>,
  parameters: {
    neighbors: field(int(2, 200), 15, 'size of the local neighbourhood, counting the point itself'),
    minDist: field(num({ min: 0, max: 1 }), 0.1, 'minimum distance between embedded points'),
    spread: field(num({ min: 0, exclusiveMin: true, max: 10 }), 1, 'scale of embedded distances'),
    epochs: field(
      int(1, 10_000),
      undefined,
      'optimisation epochs; default 500 up to 10,000 rows, 200 above',
    ),
    negativeSampleRate: field(int(1, 100), 5, 'negative samples per positive edge sample'),
    learningRate: field(
      num({ min: 0, exclusiveMin: true, max: 100 }),
      1,
      'initial step, decayed linearly to 0',
    ),
    engine: field(
      oneOf('latentlens', 'umap-js'),
      'latentlens',
      "the layout optimiser: ours, or umap-js's (the reference)",
    ),
    init: field(
      oneOf('spectral', 'pca', 'random'),
      undefined,
      'initial layout of engine latentlens (default spectral); umap-js starts at random',
    ),
  },
  embed: umapEmbed,
  progress: (p: UmapProgress, report) => report(p.phase, p.epoch, p.epochs),
  result: (r, dims) => ({ coords: r.coords, dims, stats: {} }),
});
