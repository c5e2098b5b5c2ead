/** The parts of the untyped `tsne-js` package (exact O(N²) t-SNE) that this package uses. */
declare module 'tsne-js' {
  interface TsneJsConfig {
    dim?: number;
    perplexity?: number;
    earlyExaggeration?: number;
    learningRate?: number;
    nIter?: number;
    metric?: 'euclidean' | 'manhattan' | 'jaccard' | 'dice';
  }
  /** A dense ndarray as tsne-js keeps it: row-major `data` of `shape[0] * shape[1]` values. */
  interface DenseMatrix {
    data: Float64Array;
    shape: number[];
  }
  class TSNE {
    constructor(config?: TsneJsConfig);
    /** Joint probabilities, available after `run()`. */
    P: DenseMatrix;
    init(opts: { data: number[][]; type: 'dense' | 'sparse' }): void;
    /** Returns [final error, last iteration]. */
    run(): [number, number];
    getOutput(): number[][];
  }
  export = TSNE;
}
