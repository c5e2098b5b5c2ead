import { transformSize } from './fftConvolution';

/**
 * The interpolation grid of FFT-accelerated t-SNE (Linderman et al. 2019, "Fast interpolation-
 * based t-SNE"): the square [lo, lo + intervals · width)² holding every point is cut into
 * intervals × intervals boxes, each with NODES × NODES Lagrange nodes at the centres of equal
 * sub-cells, so all nodes are equispaced (spacing width / NODES) and the kernel between them is a
 * convolution. NODES is 3, as FIt-SNE and openTSNE use (boxWeights is written for 3).
 */
export const NODES = 3;

/**
 * Box side, in embedding units, that the grid aims at (openTSNE and FIt-SNE use 1). With 3
 * nodes per box, the kernel 1 / (1 + d²)² is interpolated to about 1e-3 of its peak; wider boxes
 * make the transforms smaller (their cost grows with the square of the boxes per side).
 */
const BOX_WIDTH = 1;
/**
 * Fewest boxes per side (openTSNE: 50). Our FFT (../wasm/fft.ts) takes powers of two, so the grid is then
 * grown to the most boxes its transform holds: 42 boxes for a 256-point transform, 85 for 512.
 */
const MIN_BOXES = 40;
/**
 * Largest transform per side of `gradient: 'fft'`: above it (layouts wider than 170 units) the
 * boxes grow wider than BOX_WIDTH instead. Measured on a 3,000-point Fashion-MNIST layout 130
 * units wide: boxes of 1.0 gave force errors of 1.6% and Z within 0.3% (0.02% since `gather`
 * takes out each point's own term exactly), and a whole run's KL 1% above Barnes-Hut's; boxes
 * of 1.5 (a 512 transform) gave 14% and 2.6%, and KL 4.5% above.
 */
export const MAX_TRANSFORM = 1024;

export interface Grid {
  lo: number;
  width: number;
  boxes: number;
  /** Nodes per side, boxes × NODES. */
  m: number;
  /** The FFT's size per side. */
  size: number;
  /** Whether the boxes are at most BOX_WIDTH wide (the transform was not capped). */
  fine: boolean;
}

/** The grid for points whose coordinates all lie in [lo, hi], with transforms up to `maxSize`. */
export function chooseGrid(lo: number, hi: number, maxSize = MAX_TRANSFORM): Grid {
  const span = hi - lo;
  const wanted = Math.max(MIN_BOXES, Math.ceil(span / BOX_WIDTH));
  const size = Math.min(maxSize, transformSize(NODES * wanted));
  // The most boxes that transform holds: 2m − 1 ≤ size.
  const boxes = Math.floor((size + 1) / (2 * NODES));
  // A layout of identical points still gets boxes of non-zero width.
  const width = span > 0 ? span / boxes : 1;
  return { lo, width, boxes, m: boxes * NODES, size, fine: width <= BOX_WIDTH };
}

/**
 * Box index and the Lagrange weights of the box's NODES nodes for coordinate `x`, into
 * `weights` (NODES values); returns the box. The last box is closed, so `hi` falls in it.
 */
export function boxWeights(
  x: number,
  grid: Pick<Grid, 'lo' | 'width' | 'boxes'>,
  weights: Float64Array,
): number {
  const t = (x - grid.lo) / grid.width;
  let box = Math.floor(t);
  if (box >= grid.boxes) box = grid.boxes - 1;
  if (box < 0) box = 0;
  const u = t - box;
  // Nodes at u = 1/6, 1/2, 5/6: the Lagrange basis polynomials, denominators folded in.
  const a = u - 1 / 6;
  const b = u - 1 / 2;
  const c = u - 5 / 6;
  weights[0] = 4.5 * b * c;
  weights[1] = -9 * a * c;
  weights[2] = 4.5 * a * b;
  return box;
}
