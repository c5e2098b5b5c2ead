import { exactKnn } from '../knn';
import { gaussianClusters, gaussianSource } from '../test-helpers/clusters';
import { tsneAffinities, type SparseAffinities } from '../tsne/affinities';
import { tsneEmbed } from '../tsne/tsne';
import { Attraction } from './attraction';

/** The attraction as the formula reads, in JS: exaggeration · Σ_j p_ij (y_i − y_j) / (1 + d²). */
function attractionInJs(
  P: SparseAffinities,
  coords: Float64Array,
  dims: 2 | 3,
  exaggeration: number,
): Float64Array {
  const out = new Float64Array(P.n * dims);
  const d = new Float64Array(dims);
  for (let i = 0; i < P.n; i++) {
    const f = new Float64Array(dims);
    for (let e = P.rowPtr[i]; e < P.rowPtr[i + 1]; e++) {
      const j = P.cols[e];
      let s = 1;
      for (let t = 0; t < dims; t++) {
        d[t] = coords[i * dims + t] - coords[j * dims + t];
        s += d[t] * d[t];
      }
      const m = P.vals[e] / s;
      for (let t = 0; t < dims; t++) f[t] += m * d[t];
    }
    for (let t = 0; t < dims; t++) out[i * dims + t] = exaggeration * f[t];
  }
  return out;
}

const { data, n } = gaussianClusters(5, 80, 10, 6, 3);
const d = 10;
const P = tsneAffinities(exactKnn(data, n, d, 30), 10);

function randomLayout(dims: number, scale: number, seed: number): Float64Array {
  const gauss = gaussianSource(seed);
  return Float64Array.from({ length: n * dims }, () => scale * gauss());
}

describe.each([2, 3] as const)('Attraction (WebAssembly SIMD) in %i-D', (dims) => {
  const layouts: [string, Float64Array][] = [
    ['a start layout (spread 1e-4)', randomLayout(dims, 1e-4, dims)],
    ['a random layout 60 units wide', randomLayout(dims, 30, 10 + dims)],
    [
      'a t-SNE layout',
      Float64Array.from(tsneEmbed(data, n, d, { dims, perplexity: 10, iterations: 120 }).coords),
    ],
  ];

  it.each(layouts)('gives the JS formula bit for bit on %s', (_, coords) => {
    const kernel = new Attraction(P, dims);
    kernel.load(coords);
    for (const exaggeration of [12, 1]) {
      const got = new Float64Array(n * dims);
      kernel.compute(exaggeration, got, 0, n);
      expect(Buffer.from(got.buffer)).toEqual(
        Buffer.from(attractionInJs(P, coords, dims, exaggeration).buffer),
      );
    }
  });

  it('gives the same bytes by blocks of rows in any order, and follows each loaded layout', () => {
    const kernel = new Attraction(P, dims);
    const first = randomLayout(dims, 5, 20 + dims);
    const second = randomLayout(dims, 5, 30 + dims);
    kernel.load(first);
    kernel.load(second);
    const whole = new Float64Array(n * dims);
    kernel.compute(1, whole, 0, n);
    const blocks = new Float64Array(n * dims);
    for (const [from, to] of [
      [301, n],
      [0, 37],
      [37, 301],
    ])
      kernel.compute(1, blocks, from, to);
    expect(Buffer.from(blocks.buffer)).toEqual(Buffer.from(whole.buffer));
    expect(Buffer.from(whole.buffer)).toEqual(
      Buffer.from(attractionInJs(P, second, dims, 1).buffer),
    );
  });
});
