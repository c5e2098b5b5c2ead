import { knnLabelAccuracy, trustworthiness } from './quality';
import { seededRandom } from './random';
import { squaredDistance } from './squaredDistance';
import { gaussianClusters, gaussianSource } from './test-helpers/clusters';

describe('knnLabelAccuracy', () => {
  // 1-D layout worked by hand (labels in brackets): 0 [0], 1 [1], 2.5 [0], 4.2 [1], 10 [1].
  const coords = new Float32Array([0, 1, 2.5, 4.2, 10]);
  const labels = [0, 1, 0, 1, 1];

  it('breaks ties towards the nearer neighbour', () => {
    // k = 2: p0 sees (1, 0), a tie won by p1's label 1: wrong. p1 sees (0, 0): wrong. p2 sees
    // (1, 1): wrong. p3 sees (0, 1), tie to p2's 0: wrong. p4 sees (1, 0), tie to p3's 1: right.
    expect(knnLabelAccuracy(coords, 1, labels, 2)).toBeCloseTo(1 / 5, 12);
  });

  it('is a plain majority vote when there is no tie', () => {
    // k = 3: p0 (1, 0, 1) → 1 wrong; p1 (0, 0, 1) → 0 wrong; p2 (1, 1, 0) → 1 wrong;
    // p3 (0, 1, 0) → 0 wrong; p4 (1, 0, 1) → 1 right.
    expect(knnLabelAccuracy(coords, 1, labels, 3)).toBeCloseTo(1 / 5, 12);
  });

  it('is 1 for well separated clusters and near chance for a random layout', () => {
    const { data, labels: clusterLabels, n } = gaussianClusters(4, 100, 2, 50, 3);
    expect(knnLabelAccuracy(data, 2, clusterLabels)).toBe(1);
    const random = seededRandom(8);
    const scrambled = Float32Array.from({ length: n * 2 }, () => random());
    expect(knnLabelAccuracy(scrambled, 2, clusterLabels)).toBeLessThan(0.45);
  });

  it('works with arbitrary label values', () => {
    expect(knnLabelAccuracy(coords, 1, [7, -3, 7, -3, -3], 2)).toBeCloseTo(1 / 5, 12);
  });
});

describe('trustworthiness', () => {
  it('matches a hand-computed value', () => {
    // Original positions 0, 1, 3, 7; projected 0, 10, 1, 11; k = 1, n = 4.
    // Projected nearest neighbours: p0→p2, p1→p3, p2→p0, p3→p1, whose original ranks are
    // 2, 3, 2, 2, so the penalty is 1 + 2 + 1 + 1 = 5 and T = 1 − 2/(4·1·(8−3−1)) · 5 = 0.375.
    const high = new Float32Array([0, 1, 3, 7]);
    const low = new Float32Array([0, 10, 1, 11]);
    expect(trustworthiness(high, 1, low, 1, 1)).toBeCloseTo(0.375, 12);
  });

  const d = 20;
  const { data: high, n } = gaussianClusters(5, 120, d, 2, 4);

  it('is 1 for the identity projection', () => {
    expect(trustworthiness(high, d, high, d, 10)).toBe(1);
  });

  it('is lower for a random linear projection and about 0.5 for a random layout', () => {
    const gauss = gaussianSource(6);
    const matrix = Array.from({ length: d * 2 }, gauss);
    const projected = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 2; c++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += high[i * d + t] * matrix[t * 2 + c];
        projected[i * 2 + c] = s;
      }
    }
    const linear = trustworthiness(high, d, projected, 2, 10);
    expect(linear).toBeLessThan(0.95);
    expect(linear).toBeGreaterThan(0.6);
    const layout = Float32Array.from({ length: n * 2 }, gaussianSource(7));
    expect(Math.abs(trustworthiness(high, d, layout, 2, 10) - 0.5)).toBeLessThan(0.05);
  });

  it('estimates the exact value from a sample of points', () => {
    const layout = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      layout[i * 2] = high[i * d];
      layout[i * 2 + 1] = high[i * d + 1];
    }
    const exact = trustworthiness(high, d, layout, 2, 10, { sample: n });
    const estimate = trustworthiness(high, d, layout, 2, 10, { sample: 150, seed: 2 });
    expect(Math.abs(estimate - exact)).toBeLessThan(0.02);
    expect(estimate).not.toBe(exact);
  });

  it.each([
    [20, 2],
    [7, 3],
    [7, 4],
  ])('equals the definition computed by sorting, %i values projected to %i', (dHigh, dims) => {
    const rows = 150;
    const data = Float32Array.from({ length: rows * dHigh }, gaussianSource(dHigh));
    const layout = Float32Array.from({ length: rows * dims }, (_, c) => {
      const [i, t] = [Math.floor(c / dims), c % dims];
      return data[i * dHigh + t] + 0.3 * Math.sin(c);
    });
    const k = 5;
    // Neighbours by (squared distance, index), self excluded.
    const ranked = (values: Float32Array, width: number, i: number) =>
      Array.from({ length: rows }, (_, j) => j)
        .filter((j) => j !== i)
        .map((j) => [squaredDistance(values, i * width, j * width, width), j])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .map(([, j]) => j);
    let penalty = 0;
    for (let i = 0; i < rows; i++) {
      const order = ranked(data, dHigh, i);
      for (const j of ranked(layout, dims, i).slice(0, k))
        penalty += Math.max(0, order.indexOf(j) + 1 - k);
    }
    const expected = 1 - (2 / (rows * k * (2 * rows - 3 * k - 1))) * penalty;
    expect(trustworthiness(data, dHigh, layout, dims, k, { sample: rows })).toBeCloseTo(
      expected,
      12,
    );
  });

  it('rejects mismatched inputs', () => {
    expect(() => trustworthiness(new Float32Array(6), 2, new Float32Array(4), 2)).toThrow(
      /disagree/,
    );
  });
});
