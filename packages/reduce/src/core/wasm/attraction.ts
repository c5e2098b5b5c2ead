import type { SparseAffinities } from '../tsne/affinities';
import { ATTRACTION_WASM } from './attraction.generated';
import { growTo, instantiator, MAX_PAGES, PAGE_BYTES, type WasmMemory } from './module';

/** attraction.wat (under 1 kB), compiled once per thread. */
const newKernel = instantiator<AttractionExports>(ATTRACTION_WASM);

type AttractFunction = (from: number, to: number, exaggeration: number) => void;

interface AttractionExports {
  memory: WasmMemory;
  place(rowPtr: number, cols: number, vals: number, out: number): void;
  attract2: AttractFunction;
  attract3: AttractFunction;
}

/**
 * t-SNE's attractive forces in WebAssembly SIMD (attraction.wat) over one thread's copy of P:
 * out_i = exaggeration · Σ_j p_ij w_ij (y_i − y_j), w = 1 / (1 + |y_i − y_j|²), for any rows.
 * Each row is summed on its own, in its entries' order, with the operations of the plain JS
 * formula, so the forces are the same bytes whichever thread or block of rows computes them.
 *
 * P is copied once (12 bytes an entry: at 70,000 rows and 7.6 million entries, 91 MB per
 * thread); the layout is copied in by `load` once an iteration (1.1 MB), the forces of each
 * block of rows out.
 */
export class Attraction {
  private readonly attract: AttractFunction;
  private readonly coords: Float64Array;
  private readonly forces: Float64Array;

  constructor(
    P: SparseAffinities,
    private readonly dims: 2 | 3,
  ) {
    const { n, rowPtr, cols, vals } = P;
    const entries = rowPtr[n];
    const values = n * dims;
    const outAt = values * 8;
    const rowPtrAt = 2 * values * 8;
    const colsAt = rowPtrAt + (n + 1) * 4;
    const valsAt = Math.ceil((colsAt + entries * 4) / 8) * 8;
    const bytes = valsAt + entries * 8;
    if (bytes > MAX_PAGES * PAGE_BYTES)
      throw new Error(
        `t-SNE: ${n} rows with ${entries} affinities need ${(bytes / 2 ** 30).toFixed(1)} GiB of WebAssembly memory per thread, over its 4 GiB; use fewer rows or a lower perplexity`,
      );
    const kernel = newKernel();
    this.attract = dims === 2 ? kernel.attract2 : kernel.attract3;
    growTo(kernel.memory, bytes);
    kernel.place(rowPtrAt, colsAt, valsAt, outAt);
    const memory = kernel.memory.buffer;
    this.coords = new Float64Array(memory, 0, values);
    this.forces = new Float64Array(memory, outAt, values);
    new Int32Array(memory, rowPtrAt, n + 1).set(rowPtr.subarray(0, n + 1));
    const offsets = new Int32Array(memory, colsAt, entries);
    const pointBytes = 8 * dims;
    for (let e = 0; e < entries; e++) offsets[e] = cols[e] * pointBytes;
    new Float64Array(memory, valsAt, entries).set(vals.subarray(0, entries));
  }

  /** Copies in the layout the next calls of `compute` measure. */
  load(coords: Float64Array): void {
    this.coords.set(coords.subarray(0, this.coords.length));
  }

  /** The attraction of rows [from, to) of the loaded layout into the same rows of `out`. */
  compute(exaggeration: number, out: Float64Array, from: number, to: number): void {
    const dims = this.dims;
    this.attract(from, to, exaggeration);
    out.set(this.forces.subarray(from * dims, to * dims), from * dims);
  }
}
