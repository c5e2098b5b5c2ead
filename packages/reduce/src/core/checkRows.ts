/**
 * Checks that `data` holds `n` rows of `d` finite values. A NaN or an infinity would otherwise
 * slip through distance comparisons (every comparison with NaN is false) and come out as silent
 * garbage: rows without neighbours, NaN coordinates.
 */
export function checkRows(caller: string, data: Float32Array, n: number, d: number): void {
  if (data.length !== n * d)
    throw new Error(`${caller}: expected ${n} rows × ${d} values = ${n * d}, got ${data.length}`);
  for (let v = 0; v < data.length; v++) {
    if (!Number.isFinite(data[v])) {
      const row = Math.floor(v / d);
      throw new Error(
        `${caller}: row ${row}, column ${v - row * d} is ${data[v]}; remove or impute it first`,
      );
    }
  }
}

/** The input of a k-nearest-neighbour search: finite rows, and 1 <= k < n. */
export function checkKnnInput(
  caller: string,
  data: Float32Array,
  n: number,
  d: number,
  k: number,
): void {
  checkRows(caller, data, n, d);
  if (!Number.isInteger(k) || k < 1 || k >= n)
    throw new Error(`${caller}: k=${k} must be an integer with 1 <= k < n=${n}`);
}
