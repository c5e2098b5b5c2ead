import { kdTreeKnn } from './kdTreeKnn';
import { seededRandom } from './random';
import { naiveKnn } from './test-helpers/naiveKnn';

describe('kdTreeKnn', () => {
  it.each([
    [1, 200, 4],
    [2, 1500, 10],
    [3, 1000, 7],
  ])('matches sorting every distance in %i-D', (d, n, k) => {
    const random = seededRandom(d);
    // A mix of spread-out points and a tight clump, so both pruning and deep leaves are exercised.
    const data = Float32Array.from({ length: n * d }, (_, v) =>
      v < n * d * 0.3 ? random() * 0.01 : random() * 100,
    );
    const graph = kdTreeKnn(data, n, d, k);
    for (let i = 0; i < n; i++) {
      const got = Array.from(graph.indices.subarray(i * k, i * k + k));
      const want = naiveKnn(data, n, d, k, i);
      if (got.join() !== want.join()) throw new Error(`row ${i}: ${got} vs ${want}`);
    }
  });

  it('orders equal distances by index, including duplicate points', () => {
    // A grid with many ties and every point present twice.
    const coords: number[] = [];
    for (let rep = 0; rep < 2; rep++)
      for (let x = 0; x < 6; x++) for (let y = 0; y < 6; y++) coords.push(x, y);
    const data = Float32Array.from(coords);
    const n = 72;
    const graph = kdTreeKnn(data, n, 2, 9);
    for (let i = 0; i < n; i++)
      expect(Array.from(graph.indices.subarray(i * 9, i * 9 + 9))).toEqual(
        naiveKnn(data, n, 2, 9, i),
      );
    expect(graph.distances[0]).toBe(0);
  });
});
