import { exactKnn } from '../knn';
import { gaussianClusters } from '../test-helpers/clusters';
import { conditionalAffinities, tsneAffinities } from './affinities';
import { breadthFirstRank, permuteAffinities } from './locality';

describe('tsne affinities', () => {
  const { data, n } = gaussianClusters(3, 40, 5, 4, 7);
  const perplexity = 10;
  const graph = exactKnn(data, n, 5, 30);

  test('each row of p(j|i) sums to 1 and has the requested perplexity', () => {
    const cond = conditionalAffinities(graph, perplexity);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      let entropy = 0;
      for (let t = 0; t < graph.k; t++) {
        const p = cond[i * graph.k + t];
        sum += p;
        if (p > 0) entropy -= p * Math.log(p);
      }
      expect(sum).toBeCloseTo(1, 12);
      expect(Math.exp(entropy)).toBeCloseTo(perplexity, 3);
    }
  });

  test('p(j|i) is a Gaussian of the distance: nearer neighbours weigh more', () => {
    const cond = conditionalAffinities(graph, perplexity);
    let increases = 0;
    for (let i = 0; i < n; i++) {
      for (let t = 1; t < graph.k; t++)
        if (cond[i * graph.k + t] > cond[i * graph.k + t - 1] + 1e-15) increases++;
    }
    expect(increases).toBe(0);
  });

  test('P is symmetric, duplicate-free, (p(j|i) + p(i|j)) / 2n, and sums to 1', () => {
    const cond = conditionalAffinities(graph, perplexity);
    const P = tsneAffinities(graph, perplexity);
    const dense = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const seen = new Set<number>();
      for (let e = P.rowPtr[i]; e < P.rowPtr[i + 1]; e++) {
        expect(seen.has(P.cols[e])).toBe(false);
        expect(P.cols[e]).not.toBe(i);
        seen.add(P.cols[e]);
        dense[i * n + P.cols[e]] = P.vals[e];
      }
    }
    const expected = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < graph.k; t++) {
        const j = graph.indices[i * graph.k + t];
        expected[i * n + j] += cond[i * graph.k + t] / (2 * n);
        expected[j * n + i] += cond[i * graph.k + t] / (2 * n);
      }
    }
    let total = 0;
    let worst = 0;
    for (let c = 0; c < n * n; c++) {
      worst = Math.max(worst, Math.abs(dense[c] - expected[c]));
      total += dense[c];
    }
    expect(worst).toBeLessThan(1e-15);
    expect(total).toBeCloseTo(1, 12);
  });
});

describe('locality renumbering', () => {
  test('breadthFirstRank is a permutation and permuteAffinities keeps every pair', () => {
    const { data, n } = gaussianClusters(4, 25, 3, 6, 11);
    const P = tsneAffinities(exactKnn(data, n, 3, 12), 4);
    const rank = breadthFirstRank(P);
    expect([...rank].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    const R = permuteAffinities(P, rank);
    const value = (M: typeof P, i: number, j: number) => {
      for (let e = M.rowPtr[i]; e < M.rowPtr[i + 1]; e++) if (M.cols[e] === j) return M.vals[e];
      return 0;
    };
    expect(R.cols.length).toBe(P.cols.length);
    for (let i = 0; i < n; i++) {
      for (let e = P.rowPtr[i]; e < P.rowPtr[i + 1]; e++) {
        expect(value(R, rank[i], rank[P.cols[e]])).toBe(P.vals[e]);
      }
    }
  });
});
