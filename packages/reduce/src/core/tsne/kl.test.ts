import { exactKnn } from '../knn';
import { seededRandom } from '../random';
import { gaussianClusters } from '../test-helpers/clusters';
import { tsneAffinities, upperTriangle } from './affinities';
import { klDivergence, klDivergenceGivenNormalization, klEvaluator } from './kl';

test('klDivergence equals the dense textbook sum Σ p log(p / q)', () => {
  const { data, n } = gaussianClusters(2, 30, 4, 3, 3);
  const P = tsneAffinities(exactKnn(data, n, 4, 20), 6);
  const random = seededRandom(5);
  const coords = Float64Array.from({ length: n * 2 }, () => random() * 10);
  const q = new Float64Array(n * n);
  let z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      q[i * n + j] =
        1 /
        (1 + (coords[2 * i] - coords[2 * j]) ** 2 + (coords[2 * i + 1] - coords[2 * j + 1]) ** 2);
      z += q[i * n + j];
    }
  }
  let want = 0;
  for (let i = 0; i < n; i++) {
    for (let e = P.rowPtr[i]; e < P.rowPtr[i + 1]; e++) {
      const p = P.vals[e];
      want += p * Math.log(p / (q[i * n + P.cols[e]] / z));
    }
  }
  expect(klDivergence(P, coords, 2)).toBeCloseTo(want, 10);
  expect(want).toBeGreaterThan(0);
});

test('klEvaluator on the upper triangle agrees with klDivergenceGivenNormalization on the full P', () => {
  const { data, n } = gaussianClusters(3, 40, 5, 3, 9);
  const P = tsneAffinities(exactKnn(data, n, 5, 25), 8);
  const random = seededRandom(2);
  const coords = Float64Array.from({ length: n * 3 }, () => random() * 4);
  const z = 1234.5;
  expect(klEvaluator(upperTriangle(P), 3)(coords, z)).toBeCloseTo(
    klDivergenceGivenNormalization(P, coords, 3, z),
    10,
  );
});
