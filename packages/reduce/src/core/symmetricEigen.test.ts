import { seededRandom } from './random';
import { symmetricEigen } from './symmetricEigen';

function randomSymmetric(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = random() * 2 - 1;
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** Largest |A v - λ v| over all eigenpairs, and largest |VᵀV - I| entry. */
function residuals(a: Float64Array, n: number): { eigen: number; orthogonality: number } {
  const { values, vectors } = symmetricEigen(a, n);
  let eigen = 0;
  let orthogonality = 0;
  for (let e = 0; e < n; e++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[e * n + j];
      eigen = Math.max(eigen, Math.abs(s - values[e] * vectors[e * n + i]));
    }
    for (let f = 0; f < n; f++) {
      let dot = 0;
      for (let t = 0; t < n; t++) dot += vectors[e * n + t] * vectors[f * n + t];
      orthogonality = Math.max(orthogonality, Math.abs(dot - (e === f ? 1 : 0)));
    }
  }
  return { eigen, orthogonality };
}

describe('symmetricEigen', () => {
  it('finds the analytic spectrum of the second-difference matrix', () => {
    // tridiag(-1, 2, -1) of size n has eigenvalues 2 - 2 cos(kπ / (n + 1)), k = 1..n.
    const n = 12;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i + 1 < n) {
        a[i * n + i + 1] = -1;
        a[(i + 1) * n + i] = -1;
      }
    }
    const { values } = symmetricEigen(a, n);
    const expected = Array.from(
      { length: n },
      (_, k) => 2 - 2 * Math.cos(((n - k) * Math.PI) / (n + 1)),
    );
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('diagonalises dense random matrices to rounding error', () => {
    for (const n of [1, 2, 3, 17, 60]) {
      const { eigen, orthogonality } = residuals(randomSymmetric(n, n), n);
      expect(eigen).toBeLessThan(1e-12 * n);
      expect(orthogonality).toBeLessThan(1e-12 * n);
    }
  });

  it('handles repeated eigenvalues and an already-diagonal matrix', () => {
    const n = 5;
    const a = new Float64Array(n * n);
    [3, 1, 3, 0, 1].forEach((v, i) => (a[i * n + i] = v));
    const { values } = symmetricEigen(a, n);
    expect(Array.from(values)).toEqual([3, 3, 1, 1, 0]);
    const { eigen, orthogonality } = residuals(a, n);
    expect(eigen).toBeLessThan(1e-14);
    expect(orthogonality).toBeLessThan(1e-14);
  });

  it('returns eigenvalues in descending order', () => {
    const { values } = symmetricEigen(randomSymmetric(30, 9), 30);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
  });
});
