import type { NeighborList } from '@latentlens/data';

export interface TsneOptions {
  /** Embedding dimensions (default 2). */
  dims?: 2 | 3;
  /** Effective number of neighbours of each point's Gaussian (default 25). */
  perplexity?: number;
  /**
   * Step size (default 'auto' = max(n / earlyExaggeration, 200)). Our gradient leaves out the
   * constant factor 4 of the t-SNE paper, as bhtsne does, so 200 here is 50 in the convention of
   * scikit-learn and tsne-js, and 'auto' is scikit-learn's max(n / earlyExaggeration / 4, 50).
   */
  learningRate?: number | 'auto';
  /** Gradient-descent iterations, early exaggeration included (default 1000). */
  iterations?: number;
  /** Factor on P during the first iterations (default 12). */
  earlyExaggeration?: number;
  /** Iterations run with exaggerated P and momentum 0.5 (default 250). */
  earlyExaggerationIterations?: number;
  /**
   * Barnes-Hut opening angle (default 0.5): a tree node is summarised by its centre of mass when
   * the longest side of its points' bounding box is below theta times its distance. 0 is exact,
   * larger is faster and coarser. This is scikit-learn's convention (full width); bhtsne compares
   * the half-width, so its theta 0.5 is about our 1.0. Above 1/√dims (0.71 in 2-D) the
   * normalisation Z also picks up a small error (a few parts in 100,000 at 1.0).
   */
  theta?: number;
  /**
   * How the repulsive forces are approximated (default 'auto'): 'barnes-hut' (a space tree,
   * O(n log n) per iteration, 2-D and 3-D), 'fft' (FFT-accelerated interpolation on a grid, as
   * FIt-SNE and openTSNE; 2-D only, an error in 3-D), or 'auto': in 2-D from 7,500 points, the
   * FFT in the iterations where the layout is compact enough for a small grid (where it measured
   * faster), else Barnes-Hut (see gradientChoice.ts).
   */
  gradient?: TsneGradientMethod;
  /**
   * Initial layout (default 'pca', scaled so the first coordinate has standard deviation 1e-4).
   * Data with fewer columns than `dims` has no such components and starts random.
   */
  init?: 'pca' | 'random';
  /** Seed of every random choice (default 0). */
  seed?: number;
  /**
   * A precomputed nearest-neighbour graph (self excluded) with k >= min(n - 1, floor(3 *
   * perplexity)); the same option as UMAP's.
   */
  graph?: NeighborList;
}

export type TsneGradientMethod = 'auto' | 'barnes-hut' | 'fft';

export interface TsneProgress {
  phase: 'neighbors' | 'affinities' | 'optimize';
  iteration?: number;
  iterations?: number;
  /** KL(P || Q) against the un-exaggerated P, with Q's normalisation from the approximate gradient pass. */
  kl?: number;
}

export interface TsneResult {
  /** `n * dims` values, row-major. */
  coords: Float32Array;
  dims: 2 | 3;
  /**
   * Final KL(P || Q) of the sparse input affinities P against the embedding's Student-t
   * similarities Q. Q's normalisation is summed exactly over all pairs up to 10,000 points and
   * taken from the Barnes-Hut tree above that.
   */
  kl: number;
  iterations: number;
}
