/** Eigenvalues in descending order, with unit eigenvectors stored as the matching rows. */
export interface SymmetricEigen {
  values: Float64Array;
  /** `n * n`, row-major; row `i` is the eigenvector of `values[i]`. */
  vectors: Float64Array;
}

/**
 * Full eigendecomposition of a real symmetric `n × n` matrix (row-major; only read, never
 * modified). Householder reduction to tridiagonal form, then the implicit QL algorithm with
 * Wilkinson-type shifts: O(n³), stable, and fast enough for n in the hundreds.
 *
 * Eigenvectors are kept as rows throughout so that every rotation touches contiguous memory.
 */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  if (matrix.length !== n * n)
    throw new Error(`symmetricEigen: expected ${n * n} values, got ${matrix.length}`);
  const diag = new Float64Array(n);
  const offDiag = new Float64Array(n);
  const vectors = tridiagonalize(matrix, n, diag, offDiag);
  tridiagonalQl(diag, offDiag, vectors, n);
  return sortDescending(diag, vectors, n);
}

/**
 * Reduces A to T = Qᵀ A Q by Householder reflections H_k = I - 2 v vᵀ that zero column k below
 * the subdiagonal. Fills `diag` and `offDiag` (offDiag[i] couples i and i+1) and returns Qᵀ.
 */
function tridiagonalize(
  matrix: Float64Array,
  n: number,
  diag: Float64Array,
  offDiag: Float64Array,
): Float64Array {
  const a = Float64Array.from(matrix);
  const reflectors: Float64Array[] = [];
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const start = k + 1;
    let norm = 0;
    for (let i = start; i < n; i++) norm += a[i * n + k] * a[i * n + k];
    norm = Math.sqrt(norm);
    const x0 = a[start * n + k];
    const alpha = x0 > 0 ? -norm : norm;
    // v = x - alpha e1, normalised; alpha takes the sign opposite to x0 to avoid cancellation.
    const v = new Float64Array(n);
    let vNorm = 0;
    for (let i = start; i < n; i++) {
      v[i] = a[i * n + k];
      if (i === start) v[i] -= alpha;
      vNorm += v[i] * v[i];
    }
    reflectors.push(v);
    if (vNorm === 0) continue;
    vNorm = Math.sqrt(vNorm);
    for (let i = start; i < n; i++) v[i] /= vNorm;

    // Trailing block update: H A H = A - 2 v wᵀ - 2 w vᵀ with w = A v - (vᵀ A v) v.
    let vap = 0;
    for (let i = start; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = start; j < n; j++) s += a[row + j] * v[j];
      p[i] = s;
      vap += v[i] * s;
    }
    for (let i = start; i < n; i++) p[i] -= vap * v[i];
    for (let i = start; i < n; i++) {
      const row = i * n;
      const vi2 = 2 * v[i];
      const pi2 = 2 * p[i];
      for (let j = start; j < n; j++) a[row + j] -= vi2 * p[j] + pi2 * v[j];
    }
    a[start * n + k] = alpha;
    a[k * n + start] = alpha;
    for (let i = start + 1; i < n; i++) {
      a[i * n + k] = 0;
      a[k * n + i] = 0;
    }
  }
  for (let i = 0; i < n; i++) {
    diag[i] = a[i * n + i];
    offDiag[i] = i + 1 < n ? a[i * n + i + 1] : 0;
  }

  // Qᵀ = H_{m} ⋯ H_1 H_0, built right to left so each product only touches the trailing block.
  const qt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) qt[i * n + i] = 1;
  for (let k = reflectors.length - 1; k >= 0; k--) {
    const v = reflectors[k];
    const start = k + 1;
    for (let r = start; r < n; r++) {
      const row = r * n;
      let s = 0;
      for (let j = start; j < n; j++) s += qt[row + j] * v[j];
      if (s === 0) continue;
      s *= 2;
      for (let j = start; j < n; j++) qt[row + j] -= s * v[j];
    }
  }
  return qt;
}

/**
 * Implicit QL on the symmetric tridiagonal (diag, offDiag), accumulating each plane rotation
 * into the rows of `vectors`. On return `diag` holds the (unsorted) eigenvalues.
 */
function tridiagonalQl(
  diag: Float64Array,
  offDiag: Float64Array,
  vectors: Float64Array,
  n: number,
): void {
  const maxSweeps = 64;
  // Off-diagonals below rounding relative to the whole matrix count as zero. A per-element test
  // would never accept tiny rounding residue between zero-variance directions.
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(diag[i]) + Math.abs(offDiag[i]));
  const negligible = Number.EPSILON * scale;
  for (let l = 0; l < n; l++) {
    for (let sweep = 0; ; sweep++) {
      // Find the first negligible off-diagonal element at or after l: the block l..m is unreduced.
      let m = l;
      while (m < n - 1 && Math.abs(offDiag[m]) > negligible) m++;
      if (m === l) break;
      if (sweep === maxSweeps) throw new Error('symmetricEigen: QL iteration did not converge');

      // Shift from the eigenvalue of the leading 2×2 block closer to diag[l].
      let g = (diag[l + 1] - diag[l]) / (2 * offDiag[l]);
      let r = Math.hypot(g, 1);
      g = diag[m] - diag[l] + offDiag[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * offDiag[i];
        const b = c * offDiag[i];
        r = Math.hypot(f, g);
        offDiag[i + 1] = r;
        if (r === 0) {
          // Underflow: the matrix split early; undo the partial shift and restart this block.
          diag[i + 1] -= p;
          offDiag[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = diag[i + 1] - p;
        r = (diag[i] - g) * s + 2 * c * b;
        p = s * r;
        diag[i + 1] = g + p;
        g = c * r - b;
        rotateRows(vectors, n, i, c, s);
      }
      if (deflated) continue;
      diag[l] -= p;
      offDiag[l] = g;
      offDiag[m] = 0;
    }
  }
}

/** Applies the plane rotation of the QL step to eigenvector rows i and i+1. */
function rotateRows(vectors: Float64Array, n: number, i: number, c: number, s: number): void {
  const ri = i * n;
  const rj = ri + n;
  for (let t = 0; t < n; t++) {
    const f = vectors[rj + t];
    const e = vectors[ri + t];
    vectors[rj + t] = s * e + c * f;
    vectors[ri + t] = c * e - s * f;
  }
}

function sortDescending(values: Float64Array, vectors: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[y] - values[x]);
  const sortedValues = new Float64Array(n);
  const sortedVectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    sortedValues[to] = values[from];
    sortedVectors.set(vectors.subarray(from * n, from * n + n), to * n);
  });
  return { values: sortedValues, vectors: sortedVectors };
}
