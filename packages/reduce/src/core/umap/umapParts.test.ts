import { UMAP } from 'umap-js';
import type { NeighborGraph } from '../knn';
import { knnLabelAccuracy } from '../quality';
import { seededRandom } from '../random';
import { loadMnistDigits } from '../test-helpers/mnistDigits';
import { umapEmbed } from '../umap';
import { fitCurve } from './curve';
import { fuzzySimplicialSet } from './fuzzyGraph';
import { sampledEdges } from './layout';

describe('fitCurve', () => {
  test("matches umap-learn's find_ab_params", () => {
    // umap-learn 0.5 (scipy curve_fit) for spread 1: min_dist 0.1 and 0.5.
    const standard = fitCurve(1, 0.1);
    expect(standard.a).toBeCloseTo(1.576943, 5);
    expect(standard.b).toBeCloseTo(0.895061, 5);
    const loose = fitCurve(1, 0.5);
    expect(loose.a).toBeCloseTo(0.58303, 4);
    expect(loose.b).toBeCloseTo(1.33417, 4);
  });

  test('rejects a minDist outside [0, spread]', () => {
    expect(() => fitCurve(1, 2)).toThrow(/minDist/);
    expect(() => fitCurve(0, 0)).toThrow(/spread/);
  });
});

describe('fuzzySimplicialSet', () => {
  // Four points on a line at 0, 1, 3, 6; each row lists its 2 nearest (self excluded).
  const graph: NeighborGraph = {
    n: 4,
    k: 2,
    indices: Int32Array.from([1, 2, 0, 2, 1, 0, 2, 1]),
    distances: Float32Array.from([1, 3, 1, 2, 2, 3, 3, 5]),
  };
  const set = fuzzySimplicialSet(graph, 3);
  const entry = (i: number, j: number) => {
    for (let e = set.rowPtr[i]; e < set.rowPtr[i + 1]; e++) if (set.cols[e] === j) return set.vals[e];
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

  test('drops edges too weak to be sampled within the epochs', () => {
    const weights = Array.from(set.vals).filter((w) => w > 0);
    const max = Math.max(...weights);
    const min = Math.min(...weights);
    const all = sampledEdges(set, 1e9);
    expect(all.head.length).toBe(weights.length);
    // Just too few epochs to sample the weakest edges once: they go, the rest stay.
    const epochs = (0.99 * max) / min;
    const few = sampledEdges(set, epochs);
    expect(few.head.length).toBe(weights.filter((w) => w > min).length);
    for (const e of few.epochsPerSample) expect(e).toBeLessThanOrEqual(epochs);
  });
});

test('embeds MNIST digits about as well as umap-js', () => {
  const { data, labels, n, d } = loadMnistDigits(30);
  // A random start, as umap-js's, also skips a 784-D PCA.
  const ours = umapEmbed(data, n, d, { seed: 1, epochs: 200, init: 'random' });
  const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
  const theirs = new UMAP({ nEpochs: 200, random: seededRandom(1) }).fit(rows);
  const oursAccuracy = knnLabelAccuracy(ours.coords, 2, labels, 10);
  const theirAccuracy = knnLabelAccuracy(Float32Array.from(theirs.flat()), 2, labels, 10);
  // Over seeds both vary by about ±0.02 around 0.74 on these 300 digits.
  expect(oursAccuracy).toBeGreaterThan(theirAccuracy - 0.05);
  expect(oursAccuracy).toBeGreaterThan(0.65);
});
