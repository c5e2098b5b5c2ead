import { pcaEmbed } from './pca';
import { loadMnistDigits } from './test-helpers/mnistDigits';

/** The fixed 60 × 6 dataset the reference numbers below were computed from. */
function fixedDataset(): Float32Array {
  const n = 60;
  const d = 6;
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      data[i * d + j] =
        Math.sin(0.37 * i * (j + 1) + j) * (d - j) +
        0.5 * Math.cos(0.11 * i * i) * (j % 3) +
        0.01 * i;
    }
  }
  return data;
}

/**
 * Reference values for `fixedDataset`, computed with NumPy 2.4 exactly as scikit-learn's PCA does
 * (scikit-learn itself is not installed here): the same formula evaluated in float64, cast to
 * float32, centred, `np.linalg.svd(Xc)` (LAPACK), explained_variance = S² / (n - 1), ratio =
 * explained_variance / its sum, components = Vt after the V-based svd_flip.
 */
const REFERENCE = {
  ratio: [0.3863137693, 0.2768258292, 0.169397707, 0.1003340222, 0.0460686023, 0.02106007],
  variance: [17.985749446, 12.8882799451, 7.8867101233, 4.6712872474, 2.1448325288, 0.980501273],
  component0: [0.98931851, -0.14282033, 0.02546006, -0.00076725, 0.00913413, 0.01090899],
  component1: [0.1439595, 0.98446256, -0.08669371, 0.03852883, 0.00658761, 0.03264149],
  row0Coords: [-1.34827527, 3.72442788],
};

describe('pcaEmbed', () => {
  it('matches the SVD reference (scikit-learn conventions) on a fixed dataset', () => {
    const full = pcaEmbed(fixedDataset(), 60, 6, { dims: 6 });
    full.explainedVarianceRatio.forEach((v, i) =>
      expect(Math.abs(v - REFERENCE.ratio[i])).toBeLessThan(1e-6),
    );
    full.explainedVariance.forEach((v, i) =>
      expect(Math.abs(v - REFERENCE.variance[i])).toBeLessThan(1e-5),
    );

    const two = pcaEmbed(fixedDataset(), 60, 6, { dims: 2 });
    expect(two.coords.length).toBe(120);
    expect(two.components.length).toBe(12);
    REFERENCE.component0.forEach((v, t) => expect(two.components[t]).toBeCloseTo(v, 5));
    REFERENCE.component1.forEach((v, t) => expect(two.components[6 + t]).toBeCloseTo(v, 5));
    REFERENCE.row0Coords.forEach((v, c) => expect(two.coords[c]).toBeCloseTo(v, 4));
  });

  it('recovers an analytically known rotated factorial design', () => {
    // The 8 sign patterns of (±3, ±2, ±1), rotated by R = Rz(0.3) Rx(0.7): the centred covariance
    // is R diag(9, 4, 1) Rᵀ · 8/7, so the ratios are exactly 9/14, 4/14, 1/14 and the components
    // are the columns of R up to sign.
    const cz = Math.cos(0.3);
    const sz = Math.sin(0.3);
    const cx = Math.cos(0.7);
    const sx = Math.sin(0.7);
    const r = [
      [cz, -sz * cx, sz * sx],
      [sz, cz * cx, -cz * sx],
      [0, sx, cx],
    ];
    const data = new Float32Array(8 * 3);
    for (let p = 0; p < 8; p++) {
      const u = [p & 1 ? 3 : -3, p & 2 ? 2 : -2, p & 4 ? 1 : -1];
      for (let i = 0; i < 3; i++)
        data[p * 3 + i] = 5 + r[i][0] * u[0] + r[i][1] * u[1] + r[i][2] * u[2];
    }
    const result = pcaEmbed(data, 8, 3, { dims: 3 });
    [9 / 14, 4 / 14, 1 / 14].forEach((v, i) =>
      expect(result.explainedVarianceRatio[i]).toBeCloseTo(v, 6),
    );
    [9, 4, 1].forEach((v, i) => expect(result.explainedVariance[i]).toBeCloseTo((v * 8) / 7, 5));
    for (let c = 0; c < 3; c++) {
      const dot =
        r[0][c] * result.components[c * 3] +
        r[1][c] * result.components[c * 3 + 1] +
        r[2][c] * result.components[c * 3 + 2];
      expect(Math.abs(dot)).toBeCloseTo(1, 6);
    }
    Array.from(result.mean).forEach((m) => expect(m).toBeCloseTo(5, 6));
  });

  it('makes the largest-magnitude entry of every component positive', () => {
    const result = pcaEmbed(fixedDataset(), 60, 6, { dims: 6 });
    for (let c = 0; c < 6; c++) {
      const axis = Array.from(result.components.subarray(c * 6, c * 6 + 6));
      const largest = axis.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });

  it('rejects impossible requests', () => {
    expect(() => pcaEmbed(fixedDataset(), 60, 6, { dims: 7 })).toThrow(/dims/);
    expect(() => pcaEmbed(fixedDataset(), 60, 6, { dims: 0 })).toThrow(/dims/);
    expect(() => pcaEmbed(new Float32Array(5), 2, 3, { dims: 1 })).toThrow(
      /expected 2 rows × 3 values = 6, got 5/,
    );
  });

  describe('on real MNIST digits', () => {
    const { data, n, d } = loadMnistDigits(60);
    const result = pcaEmbed(data, n, d, { dims: 3 });

    it('agrees with float64 power iteration on the covariance', () => {
      // Independent reference: a plain covariance and power iteration with deflation.
      const mean = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t] / n;
      const cov = new Float64Array(d * d);
      const x = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < d; t++) x[t] = data[i * d + t] - mean[t];
        for (let a = 0; a < d; a++) {
          if (x[a] === 0) continue;
          for (let b = 0; b < d; b++) cov[a * d + b] += (x[a] * x[b]) / (n - 1);
        }
      }
      let trace = 0;
      for (let a = 0; a < d; a++) trace += cov[a * d + a];
      const found: Float64Array[] = [];
      for (let c = 0; c < 3; c++) {
        let v: Float64Array = new Float64Array(d).fill(1 / Math.sqrt(d));
        let lambda = 0;
        for (let iter = 0; iter < 3000; iter++) {
          const w = new Float64Array(d);
          for (let a = 0; a < d; a++) {
            let s = 0;
            for (let b = 0; b < d; b++) s += cov[a * d + b] * v[b];
            w[a] = s;
          }
          for (const u of found) {
            let dot = 0;
            for (let t = 0; t < d; t++) dot += u[t] * w[t];
            for (let t = 0; t < d; t++) w[t] -= dot * u[t];
          }
          let norm = 0;
          for (let t = 0; t < d; t++) norm += w[t] * w[t];
          norm = Math.sqrt(norm);
          for (let t = 0; t < d; t++) w[t] /= norm;
          const converged = Math.abs(norm - lambda) < 1e-13 * norm;
          lambda = norm;
          v = w;
          if (converged) break;
        }
        found.push(v);
        expect(Math.abs(result.explainedVarianceRatio[c] - lambda / trace)).toBeLessThan(1e-6);
        let dot = 0;
        for (let t = 0; t < d; t++) dot += v[t] * result.components[c * d + t];
        expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-4);
      }
    });

    it('projects onto orthonormal axes whose coordinate variances are the explained variances', () => {
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          let dot = 0;
          for (let t = 0; t < d; t++)
            dot += result.components[a * d + t] * result.components[b * d + t];
          expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
        }
        let sum = 0;
        let sq = 0;
        for (let i = 0; i < n; i++) {
          sum += result.coords[i * 3 + a];
          sq += result.coords[i * 3 + a] ** 2;
        }
        expect(Math.abs(sum / n)).toBeLessThan(1e-4);
        expect(sq / (n - 1)).toBeCloseTo(result.explainedVariance[a], 3);
      }
      // MNIST's leading components each explain several percent, in decreasing order.
      expect(result.explainedVarianceRatio[0]).toBeGreaterThan(0.05);
      expect(result.explainedVarianceRatio[0]).toBeGreaterThan(result.explainedVarianceRatio[1]);
      expect(result.explainedVarianceRatio[1]).toBeGreaterThan(result.explainedVarianceRatio[2]);
    });
  });
});
