import { KNN_AUTO_RULE, exactKnn, nearestNeighbors, nearestNeighborsMethod } from './knn';
import { seededRandom } from './random';
import { naiveKnn } from './test-helpers/naiveKnn';
import { gaussianClusters } from './test-helpers/clusters';

describe('exactKnn', () => {
  // k = 75: t-SNE's, where each row's heap takes many offers before it settles.
  it.each([6, 75])('finds the same %i neighbours as sorting all distances', (k) => {
    const random = seededRandom(5);
    const n = 300;
    const d = 7;
    const data = Float32Array.from({ length: n * d }, () => random());
    const graph = exactKnn(data, n, d, k);
    expect(graph.n).toBe(n);
    expect(graph.k).toBe(k);
    for (let i = 0; i < n; i++) {
      expect(Array.from(graph.indices.subarray(i * k, i * k + k))).toEqual(
        naiveKnn(data, n, d, k, i),
      );
      for (let p = 0; p < k; p++) {
        const j = graph.indices[i * k + p];
        let s = 0;
        for (let t = 0; t < d; t++) s += (data[i * d + t] - data[j * d + t]) ** 2;
        expect(graph.distances[i * k + p]).toBeCloseTo(Math.sqrt(s), 5);
      }
    }
  });

  it('lists equal distances by row, smaller first', () => {
    // An integer grid: every row has many neighbours at exactly equal distances.
    const side = 12;
    const grid = Float32Array.from({ length: side * side * 2 }, (_, v) =>
      v % 2 === 0 ? Math.floor(v / 2) % side : Math.floor(v / 2 / side),
    );
    const n = side * side;
    const graph = exactKnn(grid, n, 2, 9);
    for (let i = 0; i < n; i++)
      expect(Array.from(graph.indices.subarray(i * 9, i * 9 + 9))).toEqual(
        naiveKnn(grid, n, 2, 9, i),
      );
  });

  it('never lists a row as its own neighbour, even among duplicates', () => {
    const data = new Float32Array([1, 1, 1, 1, 1, 1, 5, 5]);
    const graph = exactKnn(data, 4, 2, 2);
    for (let i = 0; i < 4; i++) {
      const row = Array.from(graph.indices.subarray(i * 2, i * 2 + 2));
      expect(row).not.toContain(i);
    }
    expect(Array.from(graph.distances.subarray(0, 2))).toEqual([0, 0]);
  });

  it('refuses k >= n', () => {
    expect(() => exactKnn(new Float32Array(6), 3, 2, 3)).toThrow(/k=3/);
    // A NaN would otherwise leave its row without neighbours, silently.
    const bad = new Float32Array(6);
    bad[3] = NaN;
    expect(() => exactKnn(bad, 3, 2, 1)).toThrow('exactKnn: row 1, column 1 is NaN');
  });
});

describe('nearestNeighbors', () => {
  const { data, n } = gaussianClusters(4, 150, 16, 3, 11);

  it('is exact when asked, and for small inputs under auto', () => {
    const exact = exactKnn(data, n, 16, 10);
    expect(nearestNeighbors(data, n, 16, 10, { method: 'exact' }).indices).toEqual(exact.indices);
    expect(nearestNeighbors(data, n, 16, 10, { method: 'auto' }).indices).toEqual(exact.indices);
  });

  it("auto searches t-SNE's 75 neighbours by brute force up to 22,500 rows (300 k)", () => {
    const auto = { method: 'auto' as const };
    expect(nearestNeighborsMethod(10_000, 75, auto)).toBe('exact');
    expect(nearestNeighborsMethod(22_499, 75, auto)).toBe('exact');
    expect(nearestNeighborsMethod(22_500, 75, auto)).toBe('approx');
    expect(nearestNeighborsMethod(70_000, 75, auto)).toBe('approx');
    // Small k: at least 2,000 rows stay exact.
    expect(nearestNeighborsMethod(1_999, 2, auto)).toBe('exact');
    expect(nearestNeighborsMethod(10_000, 14, auto)).toBe('approx');
    // A large k does not make brute force run past 22,500 rows (its lists grow with k).
    expect(nearestNeighborsMethod(22_499, 600, auto)).toBe('exact');
    expect(nearestNeighborsMethod(22_500, 600, auto)).toBe('approx');
    expect(KNN_AUTO_RULE).toBe('exact below max(2,000, min(300 k, 22,500)) rows, else approximate');
  });

  it('uses the seeded approximate method when asked', () => {
    const a = nearestNeighbors(data, n, 16, 10, { method: 'approx', seed: 3 });
    const b = nearestNeighbors(data, n, 16, 10, { method: 'approx', seed: 3 });
    expect(a.indices).toEqual(b.indices);
    expect(a.k).toBe(10);
  });
});
