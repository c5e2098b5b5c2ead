import {
  architectureText,
  axisTitles,
  lossName,
  type NamedProjectionInfo,
  paramsText,
  projectionTitle,
  qualityText,
} from './captions';

const tsne: NamedProjectionInfo = {
  name: 'tsne-p50',
  method: 'tsne',
  displayName: 't-SNE',
  axisLabel: 't-SNE',
  params: {
    perplexity: 50,
    learningRate: 'auto',
    iterations: 1000,
    dims: 2,
    earlyExaggeration: 12,
    seed: 3,
  },
  quality: { knn10: 0.91234, trustworthiness10: 0.98765 },
  stats: { kl: 1.23456, iterations: 1000 },
};
const pca: NamedProjectionInfo = {
  name: 'pca',
  method: 'pca',
  displayName: 'PCA',
  axisLabel: 'PC',
  params: { dims: 3 },
  quality: { knn10: 0.5 },
  explainedVarianceRatio: [0.1, 0.06, 0.04],
};

describe('captions', () => {
  it('names a projection by its method, and by its stage when that differs', () => {
    expect(projectionTitle(tsne)).toBe('t-SNE (tsne-p50)');
    expect(projectionTitle(pca)).toBe('PCA');
    expect(axisTitles(pca)).toEqual(['PC 1', 'PC 2']);
  });

  it('shows a method without names by its id, its axes by the projection name', () => {
    const { name, method, params, quality } = pca;
    const unnamed = { params, quality, name: 'iso-5', method: 'isomap' };
    expect(projectionTitle(unnamed)).toBe('isomap (iso-5)');
    expect(projectionTitle({ ...unnamed, name: 'isomap' })).toBe('isomap');
    expect(axisTitles(unnamed)).toEqual(['iso-5 1', 'iso-5 2']);
    expect(projectionTitle({ name, method, params, quality })).toBe('pca');
  });

  it('lists the parameters that shape the picture, in words', () => {
    expect(paramsText(tsne)).toBe(
      'perplexity 50 · learning rate auto · iterations 1000 · early exaggeration 12',
    );
    expect(paramsText(pca)).toBe('');
  });

  it('states quality, KL and explained variance', () => {
    expect(qualityText(tsne)).toBe(
      '10-NN label accuracy 0.912 · trustworthiness (10) 0.988 · KL 1.235',
    );
    expect(qualityText(pca)).toBe(
      '10-NN label accuracy 0.500 · explained variance 20.0% in 3 components',
    );
  });

  it('describes the autoencoder and its loss from the train config', () => {
    const config = {
      dims: [784, 256, 64],
      activation: 'tanh',
      tiedWeights: true,
      center: 'mean',
      learningRate: 0.001,
      batchSize: 50,
      optimizer: 'adam',
    };
    expect(architectureText(config)).toBe(
      '784 → 256 → 64 · tanh · tied weights · mean-centred · Adam lr 0.001 · batch 50',
    );
    expect(architectureText(undefined)).toBe('');
    expect(lossName('sse')).toBe('loss per image (sum of squared error)');
    expect(lossName('huber')).toBe('loss');
  });
});
