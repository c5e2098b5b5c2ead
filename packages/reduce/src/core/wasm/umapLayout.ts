import { instantiator, type SharedWasmMemory } from './module';
import { UMAP_LAYOUT_WASM } from './umapLayout.generated';

/** umapLayout.wat (about 1.3 kilobytes), compiled once per thread. */
const newKernel = instantiator<UmapLayoutExports>(UMAP_LAYOUT_WASM);

interface UmapLayoutExports {
  bind(
    rowPtr: number,
    other: number,
    epochsPerSample: number,
    nextSample: number,
    nextNegative: number,
    coords: number,
    previous: number,
    pending: number,
    incoming: number,
    log2Table: number,
    exp2Table: number,
    powersOfTwo: number,
    n: number,
    a: number,
    b: number,
    negativeSampleRate: number,
    attractScale: number,
    repelScale: number,
  ): void;
  move(first: number, end: number, epoch: number, alpha: number, state: number): number;
  settle(from: number, to: number): void;
}

/** The arrays the kernel works on: views on the shared memory it is given. */
export interface UmapLayoutArrays {
  rowPtr: Int32Array;
  other: Int32Array;
  epochsPerSample: Float64Array;
  nextSample: Float64Array;
  nextNegative: Float64Array;
  coords: Float32Array;
  previous: Float32Array;
  pending: Float32Array;
  incoming: Int32Array;
  log2Table: Float64Array;
  exp2Table: Float64Array;
  powersOfTwo: Float64Array;
}

/** The descent's constants (see umap/layout.ts). */
export interface UmapKernelConstants {
  n: number;
  a: number;
  b: number;
  negativeSampleRate: number;
  attractScale: number;
  repelScale: number;
}

/**
 * One thread's instance of umapLayout.wat over the layout's own arrays in `memory`, a shared
 * WebAssembly memory every thread's instance imports: UMAP's 2-D descent, the same bit for bit
 * as the layout's JS loop (see there and the .wat).
 */
export class UmapLayoutKernel {
  private readonly kernel: UmapLayoutExports;

  constructor(memory: SharedWasmMemory, arrays: UmapLayoutArrays, c: UmapKernelConstants) {
    for (const [name, array] of Object.entries(arrays))
      if ((array as Int32Array).buffer !== memory.buffer)
        throw new Error(`UmapLayoutKernel: ${name} is not in the kernel's memory`);
    this.kernel = newKernel({ env: { memory } });
    const at = (array: { byteOffset: number }) => array.byteOffset;
    this.kernel.bind(
      at(arrays.rowPtr),
      at(arrays.other),
      at(arrays.epochsPerSample),
      at(arrays.nextSample),
      at(arrays.nextNegative),
      at(arrays.coords),
      at(arrays.previous),
      at(arrays.pending),
      at(arrays.incoming),
      at(arrays.log2Table),
      at(arrays.exp2Table),
      at(arrays.powersOfTwo),
      c.n,
      c.a,
      c.b,
      c.negativeSampleRate,
      c.attractScale,
      c.repelScale,
    );
  }

  /** Rows [first, end)'s due edges in `epoch`; returns the random stream's new state. */
  move(first: number, end: number, epoch: number, alpha: number, state: number): number {
    return this.kernel.move(first, end, epoch, alpha, state);
  }

  /** Adds the pending pulls of incoming edges [from, to) to their far ends and clears them. */
  settle(from: number, to: number): void {
    this.kernel.settle(from, to);
  }
}
