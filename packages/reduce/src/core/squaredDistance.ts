/**
 * Σ (values[a+t] − values[b+t])² over t < length: the squared Euclidean distance of two rows
 * stored flat in one array, for NN-descent and the trustworthiness metric. Four independent sums
 * let the additions overlap; the tail loop adds the last `length % 4` values into the first sum
 * (rows padded to a multiple of 4 have none). Float32Array only: a second element type fed to
 * one function slows every caller (see the brute-force search's dot product).
 */
export function squaredDistance(
  values: Float32Array,
  a: number,
  b: number,
  length: number,
): number {
  const whole = length - (length % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let t = 0; t < whole; t += 4) {
    const e0 = values[a + t] - values[b + t];
    const e1 = values[a + t + 1] - values[b + t + 1];
    const e2 = values[a + t + 2] - values[b + t + 2];
    const e3 = values[a + t + 3] - values[b + t + 3];
    s0 += e0 * e0;
    s1 += e1 * e1;
    s2 += e2 * e2;
    s3 += e3 * e3;
  }
  for (let t = whole; t < length; t++) {
    const e = values[a + t] - values[b + t];
    s0 += e * e;
  }
  return s0 + s1 + s2 + s3;
}
