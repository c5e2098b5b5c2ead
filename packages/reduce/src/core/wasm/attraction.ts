import type { SparseAffinities } from '../tsne/affinities';
import { ATTRACTION_WASM } from './attraction.generated';
import { growTo, instantiator, MAX_PAGES, PAGE_BYTES, type WasmMemory } from './module';

/** attraction.wat (under 1 kB), compiled once per thread. */
const newKernel = instantiator<AttractionExports>(ATTRACTION_WASM);

type AttractFunction = (
  from: number,
  to: number,
  rowPtr: number,
  cols: number,
  vals: number,
  out: number,
  exaggeration: number,
) => void;

interface AttractionExports {
  memory: WasmMemory;
  attract2: AttractFunction;
  attract3: AttractFunction;
}

/**
 * t-SNE's attractive forces in WebAssembly SIMD (attraction.wat) over one thread's copy of P:
 * out_i = exaggeration · Σ_j p_ij w_ij (y_i − y_j), w = 1 / (1 + |y_i − y_j|²), for any rows.
 * Each row is summed on its own, in its entries' order, with the operations of the plain JS
 * formula, so the forces are the same bytes whichever thread or block of rows computes them.
 *
 * P is copied once (at 70,000 rows and 7.6 million entries, 95 MB per thread); the layout is
 * copied in by `load` once an iteration (1.1 MB), the forces of each block of rows out.
 */
export class Attraction {
  private readonly kernel: AttractionExports;
  private readonly attract: AttractFunction;
  private readonly coords: Float64Array;
  private readonly forces: Float64Array;
  private readonly outAt: number;
  private readonly rowPtrAt: number;
  private readonly colsAt: number;
  private readonly valsAt: number;

  constructor(
    P: SparseAffinities,
    private readonly dims: 2 | 3,
  ) {
    const { n, rowPtr, cols, vals } = P;
    const entries = rowPtr[n];
    const values = n * dims;
    this.outAt = values * 8;
    this.rowPtrAt = 2 * values * 8;
    this.colsAt = this.rowPtrAt + (n + 1) * 4;
    this.valsAt = Math.ceil((this.colsAt + entries * 4) / 8) * 8;
    const bytes = this.valsAt + entries * 8;
    if (bytes > MAX_PAGES * PAGE_BYTES)
      throw new Error(
        `t-SNE: ${n} rows with ${entries} affinities need ${(bytes / 2 ** 30).toFixed(1)} GiB of WebAssembly memory per thread, over its 4 GiB; use fewer rows or a lower perplexity`,
      );
    this.kernel = newKernel();
    this.attract = dims === 2 ? this.kernel.attract2 : this.kernel.attract3;
    growTo(this.kernel.memory, bytes);
    const memory = this.kernel.memory.buffer;
    this.coords = new Float64Array(memory, 0, values);
    this.forces = new Float64Array(memory, this.outAt, values);
    new Int32Array(memory, this.rowPtrAt, n + 1).set(rowPtr.subarray(0, n + 1));
    const offsets = new Int32Array(memory, this.colsAt, entries);
    const pointBytes = 8 * dims;
    for (let e = 0; e < entries; e++) offsets[e] = cols[e] * pointBytes;
    new Float64Array(memory, this.valsAt, entries).set(vals.subarray(0, entries));
  }

  /** Copies in the layout the next calls of `compute` measure. */
  load(coords: Float64Array): void {
    this.coords.set(coords.subarray(0, this.coords.length));
  }

  /** The attraction of rows [from, to) of the loaded layout into the same rows of `out`. */
  compute(exaggeration: number, out: Float64Array, from: number, to: number): void {
    const { rowPtrAt, colsAt, valsAt, outAt, dims } = this;
    this.attract(from, to, rowPtrAt, colsAt, valsAt, outAt, exaggeration);
    out.set(this.forces.subarray(from * dims, to * dims), from * dims);
  }
}
