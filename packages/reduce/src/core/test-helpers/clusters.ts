import { seededRandom } from '../random';

/** Standard normal draws by Box-Muller from a seeded uniform source. */
export function gaussianSource(seed: number): () => number {
  const random = seededRandom(seed);
  return () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/**
 * `clusters` isotropic Gaussian blobs in `d` dimensions, `perCluster` points each, unit spread,
 * centres drawn with spread `separation`. Rows are interleaved so labels are not sorted.
 */
export function gaussianClusters(
  clusters: number,
  perCluster: number,
  d: number,
  separation: number,
  seed: number,
): { data: Float32Array; labels: Int32Array; n: number } {
  const gauss = gaussianSource(seed);
  const centres = Array.from({ length: clusters }, () =>
    Array.from({ length: d }, () => gauss() * separation),
  );
  const n = clusters * perCluster;
  const data = new Float32Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    labels[i] = c;
    for (let t = 0; t < d; t++) data[i * d + t] = centres[c][t] + gauss();
  }
  return { data, labels, n };
}
