import type { NeighborList } from '@latentlens/data';
import { fuzzySimplicialSet } from './fuzzyGraph';

describe('fuzzySimplicialSet', () => {
  // Four points on a line at 0, 1, 3, 6; each row lists its 2 nearest (self excluded).
  const graph: NeighborList = {
    n: 4,
    k: 2,
    indices: Int32Array.from([1, 2, 0, 2, 1, 0, 2, 1]),
    distances: Float32Array.from([1, 3, 1, 2, 2, 3, 3, 5]),
  };
  const set = fuzzySimplicialSet(graph, 3);
  const entry = (i: number, j: number) => {
    for (let e = set.rowPtr[i]; e < set.rowPtr[i + 1]; e++)
      if (set.cols[e] === j) return set.vals[e];
    return 0;
  };

  test('is symmetric, with the nearest neighbour at full membership', () => {
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(entry(i, j)).toBe(entry(j, i));
    // Row 0's nearest neighbour (1) sits at ρ: membership 1, and the union keeps 1.
    expect(entry(0, 1)).toBe(1);
    expect(entry(0, 0)).toBe(0);
  });

  test('joins the directed memberships by a + b − ab', () => {
    // Row 3 lists 2 (its nearest: 1) and 1 (farther: below 1); row 2 lists 1 and 0, not 3; so
    // (2, 3) is row 3's membership alone, and (0, 2) is the union of both directions.
    expect(entry(2, 3)).toBe(1);
    const a = entry(0, 2);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThanOrEqual(1);
    // Each row's own memberships sum to log2(3) before the union: row 3 has 1 + m(3→1).
    const m31 = entry(3, 1);
    expect(1 + m31).toBeCloseTo(Math.log2(3), 4);
  });
});
