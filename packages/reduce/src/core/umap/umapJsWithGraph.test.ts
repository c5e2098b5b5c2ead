import { UMAP } from 'umap-js';
import { exactKnn } from '../knn';
import { knnLabelAccuracy } from '../quality';
import { seededRandom } from '../random';
import { loadMnistDigits } from '../test-helpers/mnistDigits';
import { umapEmbed } from '../umap';
import { fuzzySimplicialSet } from './fuzzyGraph';
import { umapJsWithGraph } from './umapJsWithGraph';

/** The sampled edges umap-js keeps after `initializeFit` (private, read for this check only). */
interface EdgeState {
  optimizationState: {
    head: number[];
    tail: number[];
    epochsPerSample: number[];
    nVertices: number;
  };
  embedding: number[][];
}

describe('umapJsWithGraph', () => {
  const { data, labels, n, d } = loadMnistDigits(30);
  const neighbors = 15;
  const graph = exactKnn(data, n, d, neighbors - 1);
  const settings = {
    dims: 2 as const,
    neighbors,
    minDist: 0.1,
    spread: 1,
    epochs: 200,
    negativeSampleRate: 5,
    learningRate: 1,
  };

  test("gives umap-js the same edges, weights and start as umap-js's own fuzzy graph", () => {
    const ours = umapJsWithGraph(
      fuzzySimplicialSet(graph, neighbors),
      settings,
      seededRandom(3),
    ) as unknown as EdgeState;

    const reference = new UMAP({ nNeighbors: neighbors, nEpochs: 200, random: seededRandom(3) });
    const indices: number[][] = [];
    const distances: number[][] = [];
    for (let i = 0; i < n; i++) {
      indices.push([i, ...graph.indices.subarray(i * graph.k, (i + 1) * graph.k)]);
      distances.push([0, ...graph.distances.subarray(i * graph.k, (i + 1) * graph.k)]);
    }
    reference.setPrecomputedKNN(indices, distances);
    const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
    reference.initializeFit(rows);
    const theirs = reference as unknown as EdgeState;

    const a = ours.optimizationState;
    const b = theirs.optimizationState;
    expect(a.head.length).toBeGreaterThan(n * 10);
    expect(a.nVertices).toBe(b.nVertices);
    expect(a.head).toEqual(b.head);
    expect(a.tail).toEqual(b.tail);
    for (let e = 0; e < a.epochsPerSample.length; e++)
      expect(a.epochsPerSample[e]).toBeCloseTo(b.epochsPerSample[e], 9);
    expect(ours.embedding).toEqual(theirs.embedding);
  });

  test('separates MNIST digits', () => {
    const { coords } = umapEmbed(data, n, d, { seed: 1, epochs: 200, graph, engine: 'umap-js' });
    // umap-js's own fit on these 300 digits, 200 epochs, scores 0.755 on average over six seeds.
    expect(knnLabelAccuracy(coords, 2, labels, 10)).toBeGreaterThan(0.68);
  });
});
