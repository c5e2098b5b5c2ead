import { projectorBookmarks, type ProjectorState } from './projectorBookmarks';
import { seededRandom as mulberry32 } from '@latentlens/data';

/** The keys the projector reads after loadState (stateGetAccessorDimensions + getProjectionComponents). */
function accessorKeys(state: ProjectorState): string[] {
  switch (state.selectedProjection) {
    case 'pca':
      return state.pcaComponentDimensions.map((k) => `pca-${k}`);
    case 'tsne':
      return (state.tSNEis3d ? [0, 1, 2] : [0, 1]).map((k) => `tsne-${k}`);
    case 'umap':
      return (state.umapIs3d ? [0, 1, 2] : [0, 1]).map((k) => `umap-${k}`);
    case 'custom':
      return ['linear-x', 'linear-y'];
  }
}

function randomCoords(n: number, dims: number, scale: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n * dims }, () => (random() - 0.5) * scale);
}

/** Every field of TensorBoard's `State` class (vz_projector/data.ts). */
const STATE_FIELDS = [
  'label', 'isSelected', 'selectedProjection', 'dataSetDimensions', 'tSNEIteration', 'tSNEPerplexity',
  'tSNELearningRate', 'tSNEis3d', 'umapIs3d', 'umapNeighbors', 'umapMinDist', 'pcaComponentDimensions',
  'customSelectedSearchByMetadataOption', 'customXLeftText', 'customXLeftRegex', 'customXRightText',
  'customXRightRegex', 'customYUpText', 'customYUpRegex', 'customYDownText', 'customYDownRegex', 'projections',
  'filteredPoints', 'selectedPoints', 'shuffledDataIndices', 'cameraDef', 'selectedColorOptionName',
  'forceCategoricalColoring', 'selectedLabelOption',
].sort();

describe('projectorBookmarks', () => {
  const n = 500;
  const tsne = randomCoords(n, 2, 100, 1);
  const pca = randomCoords(n, 3, 8, 2);
  const umap = randomCoords(n, 2, 20, 3);
  const states: ProjectorState[] = JSON.parse(
    JSON.stringify(
      projectorBookmarks({
        n,
        d: 64,
        labelColumn: 'digit',
        projections: [
          { name: 't-SNE p25', method: 'tsne', dims: 2, coords: tsne, params: { perplexity: 25, learningRate: 10, iterations: 1000 } },
          { name: 'PCA', method: 'pca', dims: 3, coords: pca },
          { name: 'UMAP', method: 'umap', dims: 2, coords: umap, params: { neighbors: 30, minDist: 0.25 } },
        ],
      }),
    ),
  );

  it('writes one complete State per projection, named after it', () => {
    expect(states.map((s) => s.label)).toEqual(['t-SNE p25', 'PCA', 'UMAP']);
    expect(states.map((s) => s.selectedProjection)).toEqual(['tsne', 'pca', 'umap']);
    for (const state of states) {
      expect(Object.keys(state).sort()).toEqual(STATE_FIELDS);
      expect(state.dataSetDimensions).toEqual([n, 64]);
      expect(state.selectedColorOptionName).toBe('digit');
      expect(state.selectedLabelOption).toBe('digit');
      expect(state).toMatchObject({ filteredPoints: null, shuffledDataIndices: null, cameraDef: null, selectedPoints: [] });
    }
  });

  it('gives every point exactly the keys the projector reads, with the given coordinates', () => {
    const inputs = [tsne, pca, umap];
    states.forEach((state, s) => {
      const keys = accessorKeys(state);
      const dims = keys.length;
      expect(state.projections).toHaveLength(n);
      expect(state.projections.every((point) => Object.keys(point).join() === keys.join())).toBe(true);
      keys.forEach((key, axis) => {
        const given = Array.from({ length: n }, (_, i) => inputs[s][i * dims + axis]);
        const largest = Math.max(...given.map(Math.abs));
        const worst = Math.max(...given.map((v, i) => Math.abs(state.projections[i][key] - v)));
        // 5 significant digits of the largest magnitude: error at most half a unit in the 5th.
        expect(worst).toBeLessThanOrEqual(5e-5 * largest);
        expect(worst).toBeGreaterThan(0); // it did round
      });
    });
    expect(accessorKeys(states[1])).toEqual(['pca-0', 'pca-1', 'pca-2']);
  });

  it('keeps 5 significant digits of each axis', () => {
    const values = Float32Array.from([123.456789, -0.000123456, 0.5, 99.999999]);
    const [state] = projectorBookmarks({ n: 2, d: 4, projections: [{ name: 'x', method: 'umap', dims: 2, coords: values }] });
    // Axis 0 spans up to 123.46 → 2 decimals; axis 1 up to 99.99999 → 3 decimals.
    expect(state.projections).toEqual([
      { 'umap-0': 123.46, 'umap-1': 0 },
      { 'umap-0': 0.5, 'umap-1': 100 },
    ]);
    expect(JSON.stringify(state.projections[0])).toBe('{"umap-0":123.46,"umap-1":0}');
  });

  it('fills the t-SNE and UMAP panels from the parameters, as the projector stores them', () => {
    // Learning rate is stored as the slider's exponent: 10 → 1.
    expect(states[0]).toMatchObject({ tSNEIteration: 1000, tSNEPerplexity: 25, tSNELearningRate: 1, tSNEis3d: false });
    expect(states[2]).toMatchObject({ umapIs3d: false, umapNeighbors: 30, umapMinDist: 0.25 });
    // Other panels keep the projector's defaults.
    expect(states[1]).toMatchObject({ tSNEIteration: 0, tSNEPerplexity: 30, tSNELearningRate: 1, umapNeighbors: 15 });
    const [auto] = projectorBookmarks({
      n: 1, d: 2, projections: [{ name: 't', method: 'tsne', dims: 3, coords: new Float32Array(3), params: { learningRate: 833 } }],
    });
    expect(auto).toMatchObject({ tSNELearningRate: 2, tSNEis3d: true, tSNEIteration: 1000 });
  });

  it('stores 2-D PCA with two components and other methods as the custom projection', () => {
    const [pca2, other] = projectorBookmarks({
      n: 2,
      d: 3,
      projections: [
        { name: 'pca 2d', method: 'pca', dims: 2, coords: Float32Array.from([1, 2, 3, 4]) },
        { name: 'frozen t-SNE', method: 'custom', dims: 2, coords: Float32Array.from([1, 2, 3, 4]) },
      ],
    });
    expect(pca2.pcaComponentDimensions).toEqual([0, 1]);
    expect(accessorKeys(pca2)).toEqual(['pca-0', 'pca-1']);
    expect(other.selectedProjection).toBe('custom');
    expect(other.projections[1]).toEqual({ 'linear-x': 3, 'linear-y': 4 });
    expect(other.selectedColorOptionName).toBe('label');
  });

  it('rejects wrong sizes, non-finite coordinates and 3-D custom projections', () => {
    const one = (method: string, dims: 2 | 3, coords: Float32Array) =>
      projectorBookmarks({ n: 2, d: 5, projections: [{ name: 'p', method, dims, coords }] });
    expect(() => one('tsne', 2, new Float32Array(3))).toThrow(/expected 2×2/);
    expect(() => one('pca', 2, Float32Array.from([0, 1, NaN, 2]))).toThrow(/point 1/);
    expect(() => one('isomap', 3, new Float32Array(6))).toThrow(/only be shown in 2-D/);
    expect(() => projectorBookmarks({ n: 0, d: 5, projections: [] })).toThrow(RangeError);
  });

  it('stays compact for 70,000 points', () => {
    const big = 70000;
    const [state] = projectorBookmarks({
      n: big, d: 64, projections: [{ name: 'tsne', method: 'tsne', dims: 2, coords: randomCoords(big, 2, 160, 9) }],
    });
    const text = JSON.stringify([state]);
    const parsed: ProjectorState[] = JSON.parse(text);
    expect(parsed[0].projections).toHaveLength(big);
    expect(text.length).toBeLessThan(big * 40);
  });
});
