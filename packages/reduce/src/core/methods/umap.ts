import { umapEmbed, type UmapProgress } from '../umap';
import { defineMethod } from './types';

export const umap = defineMethod({
  id: 'umap',
  displayName: 'UMAP',
  axisLabel: 'UMAP',
  seeded: true,
  dims: { min: 2, max: 3, default: 2 },
  parameters: {
    neighbors: {
      type: 'int',
      min: 2,
      max: 200,
      default: 15,
      doc: 'size of the local neighbourhood, counting the point itself',
    },
    minDist: {
      type: 'number',
      min: 0,
      max: 1,
      default: 0.1,
      doc: 'minimum distance between embedded points',
    },
    spread: {
      type: 'number',
      min: 0,
      exclusiveMin: true,
      max: 10,
      default: 1,
      doc: 'scale of embedded distances',
    },
    epochs: {
      type: 'int',
      min: 1,
      max: 10_000,
      doc: 'optimisation epochs; default 500 up to 10,000 rows, 200 above',
    },
    negativeSampleRate: {
      type: 'int',
      min: 1,
      max: 100,
      default: 5,
      doc: 'negative samples per positive edge sample',
    },
    learningRate: {
      type: 'number',
      min: 0,
      exclusiveMin: true,
      max: 100,
      default: 1,
      doc: 'initial step, decayed linearly to 0',
    },
    engine: {
      type: 'enum',
      values: ['latentlens', 'umap-js'],
      default: 'latentlens',
      doc: "the layout optimiser: ours, or umap-js's (the reference)",
    },
    init: {
      type: 'enum',
      values: ['spectral', 'pca', 'random'],
      doc: 'initial layout of engine latentlens (default spectral); umap-js starts at random',
    },
  },
  embed: umapEmbed,
  progress: (p: UmapProgress, report) => report(p.phase, p.epoch, p.epochs),
  result: (r, dims) => ({ coords: r.coords, dims, stats: {} }),
});
