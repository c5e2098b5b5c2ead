import type { SparseAffinities } from './affinities';

/** Z = Σ_{i≠j} 1 / (1 + |y_i − y_j|²) over all ordered pairs, exactly: O(n²) time, O(1) memory. */
export function exactNormalization(coords: ArrayLike<number>, n: number, dims: number): number {
  let half = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let t = 0; t < dims; t++) {
        const d = coords[i * dims + t] - coords[j * dims + t];
        d2 += d * d;
      }
      half += 1 / (1 + d2);
    }
  }
  return 2 * half;
}

/**
 * KL(P || Q) for the sparse P and the Student-t Q of the embedding, given Q's normalisation Z:
 * Σ p log(p / (w / Z)) over the stored entries; entries of P that are not stored are zero and add
 * nothing, so this is the whole divergence, not an approximation of it, when Z is exact.
 */
export function klDivergenceGivenNormalization(
  P: SparseAffinities,
  coords: ArrayLike<number>,
  dims: number,
  z: number,
): number {
  const { n, rowPtr, cols, vals } = P;
  let kl = 0;
  let mass = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const p = vals[e];
      if (p <= 0) continue;
      const j = cols[e];
      let d2 = 0;
      for (let t = 0; t < dims; t++) {
        const d = coords[i * dims + t] - coords[j * dims + t];
        d2 += d * d;
      }
      // log(p / q) = log p + log(1 + d²) + log Z, with log Z added once at the end for all mass.
      kl += p * (Math.log(p) + Math.log1p(d2));
      mass += p;
    }
  }
  return kl + mass * Math.log(z);
}

/** Exact KL(P || Q) with the full O(n²) normalisation of Q; the one yardstick every test uses. */
export function klDivergence(P: SparseAffinities, coords: ArrayLike<number>, dims: number): number {
  return klDivergenceGivenNormalization(P, coords, dims, exactNormalization(coords, P.n, dims));
}

/**
 * KL(P || Q) for repeated use on one symmetric P, given its upper triangle (each pair once, see
 * `upperTriangle`) and Q's normalisation Z per call: Σ p log p is summed once up front, and each
 * call takes one log per pair instead of two per stored entry.
 */
export function klEvaluator(
  upper: SparseAffinities,
  dims: number,
): (coords: ArrayLike<number>, z: number) => number {
  const { n, rowPtr, cols, vals } = upper;
  let plogp = 0;
  let mass = 0;
  for (let e = 0; e < vals.length; e++) {
    if (vals[e] > 0) plogp += vals[e] * Math.log(vals[e]);
    mass += vals[e];
  }
  return (coords, z) => {
    let cross = 0;
    for (let i = 0; i < n; i++) {
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const j = cols[e];
        let d2 = 0;
        for (let t = 0; t < dims; t++) {
          const d = coords[i * dims + t] - coords[j * dims + t];
          d2 += d * d;
        }
        cross += vals[e] * Math.log1p(d2);
      }
    }
    return 2 * (plogp + cross + mass * Math.log(z));
  };
}
