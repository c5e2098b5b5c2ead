/**
 * Row i's k nearest other rows by sorting every squared distance, ties by row: the obvious way,
 * which the searches' tests hold them to.
 */
export function naiveKnn(data: Float32Array, n: number, d: number, k: number, i: number): number[] {
  const dist = (j: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += (data[i * d + t] - data[j * d + t]) ** 2;
    return s;
  };
  return Array.from({ length: n }, (_, j) => j)
    .filter((j) => j !== i)
    .sort((a, b) => dist(a) - dist(b) || a - b)
    .slice(0, k);
}
