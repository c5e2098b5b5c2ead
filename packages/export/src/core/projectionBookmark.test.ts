import type { Projection } from '@latentlens/data';
import { bookmarkProjection } from './projectionBookmark';
import { projectorBookmarks } from './projectorBookmarks';

function projection(
  method: string,
  dims: number,
  params: Record<string, unknown>,
  stats: Record<string, number> = {},
): Projection {
  return {
    ids: Int32Array.from([4, 7]),
    dims,
    coords: Float32Array.from({ length: 2 * dims }, (_, i) => i),
    info: { name: `${method}-run`, method, params, quality: { knn10: 0.9 }, stats },
  };
}

describe('bookmarkProjection', () => {
  it('passes the reduction parameters into the projector panels', () => {
    const tsne3 = bookmarkProjection(
      projection(
        'tsne',
        3,
        { perplexity: 25, learningRate: 100, iterations: 1000, dims: 3 },
        { kl: 1.2, iterations: 750 },
      ),
    );
    expect(tsne3).toMatchObject({
      name: 'tsne-run',
      method: 'tsne',
      dims: 3,
      params: { perplexity: 25, learningRate: 100, iterations: 750 },
    });
    const [state] = projectorBookmarks({ n: 2, d: 4, projections: [tsne3] });
    expect(state).toMatchObject({
      selectedProjection: 'tsne',
      tSNEPerplexity: 25,
      tSNELearningRate: 2,
      tSNEIteration: 750,
      tSNEis3d: true,
    });

    const umap = bookmarkProjection(
      projection('umap', 2, { neighbors: 30, minDist: 0.25, spread: 1, seed: 0 }),
    );
    expect(umap.params).toMatchObject({ neighbors: 30, minDist: 0.25 });
    expect(projectorBookmarks({ n: 2, d: 4, projections: [umap] })[0]).toMatchObject({
      umapNeighbors: 30,
      umapMinDist: 0.25,
    });
  });

  it('never turns "auto" into a number the projector cannot read', () => {
    const auto = bookmarkProjection(
      projection('tsne', 3, { perplexity: 30, learningRate: 'auto' }),
    );
    expect(auto.params?.learningRate).toBeUndefined();
    const [state] = projectorBookmarks({ n: 2, d: 4, projections: [auto] });
    expect(Number.isFinite(state.tSNELearningRate)).toBe(true);
    const recorded = bookmarkProjection(
      projection('tsne', 3, { learningRate: 'auto' }, { learningRate: 833 }),
    );
    expect(recorded.params?.learningRate).toBe(833);
  });

  it('shows a 2-D t-SNE as a still custom layout and keeps other methods', () => {
    expect(bookmarkProjection(projection('tsne', 2, {})).method).toBe('custom');
    expect(bookmarkProjection(projection('tsne-exact', 2, {})).method).toBe('custom');
    expect(bookmarkProjection(projection('pca', 3, { dims: 3 })).method).toBe('pca');
  });
});
