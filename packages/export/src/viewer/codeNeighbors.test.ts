import { seededRandom } from '@latentlens/data';
import { codeNeighbors } from './codeNeighbors';

/** The obvious double loop, sorted by (distance, index): what the blocked kernel must match. */
function naiveNeighbors(values: Float32Array, n: number, d: number, k: number) {
  return Array.from({ length: n }, (_, i) => {
    const all: { j: number; dist: number }[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (values[i * d + t] - values[j * d + t]) ** 2;
      all.push({ j, dist: Math.sqrt(s) });
    }
    return all.sort((a, b) => a.dist - b.dist || a.j - b.j).slice(0, k);
  });
}

describe('codeNeighbors', () => {
  it.each([
    [97, 64, 10],
    [50, 7, 5],
    [6, 3, 10],
  ])('matches the brute-force neighbours for n=%i, d=%i, k=%i', (n, d, k) => {
    const random = seededRandom(n * 31 + d);
    const values = new Float32Array(n * d).map(() => random() * 2 - 1);
    const got = codeNeighbors(values, n, d, k);
    const want = naiveNeighbors(values, n, d, k);
    const kk = Math.min(k, n - 1);
    expect(got.k).toBe(kk);
    for (let i = 0; i < n; i++) {
      expect(Array.from(got.indices.subarray(i * kk, (i + 1) * kk))).toEqual(
        want[i].map((w) => w.j),
      );
      want[i].forEach((w, r) => expect(got.distances[i * kk + r]).toBeCloseTo(w.dist, 4));
    }
  });

  it('keeps the lower index first among equally distant points and never lists a point itself', () => {
    // Points 0, 2 and 4 are copies of one another; 1 and 3 lie 1 and 2 away from them.
    const values = new Float32Array([0, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
    const { indices, distances } = codeNeighbors(values, 5, 2, 3);
    expect(Array.from(indices.subarray(0, 3))).toEqual([2, 4, 1]);
    expect(Array.from(indices.subarray(6, 9))).toEqual([0, 4, 1]);
    expect(Array.from(distances.subarray(0, 3))).toEqual([0, 0, 1]);
  });

  it('reports progress and rejects impossible requests', () => {
    const seen: number[] = [];
    codeNeighbors(new Float32Array(1000), 500, 2, 2, (done, total) => seen.push(done / total));
    expect(seen).toEqual([256 / 500, 1]);
    expect(() => codeNeighbors(new Float32Array(4), 2, 2, 0)).toThrow(/k must be/);
    expect(() => codeNeighbors(new Float32Array(5), 2, 2, 1)).toThrow(/expected 2×2/);
    expect(() => codeNeighbors(new Float32Array(2), 1, 2, 1)).toThrow(/at least 2 points/);
  });
});
