import { growTo, instantiator, MAX_PAGES, PAGE_BYTES, type WasmMemory } from './module';
import { ROW_DISTANCES_WASM } from './rowDistances.generated';

/** rowDistances.wat (about 500 bytes), compiled once per thread. */
const newKernel = instantiator<RowDistancesExports>(ROW_DISTANCES_WASM);

interface RowDistancesExports {
  memory: WasmMemory;
  squaredDistances(pairs: number, count: number, stride: number, out: number): void;
  candidates(
    a: number,
    from: number,
    to: number,
    stride: number,
    norms: number,
    worst: number,
    ids: number,
    out: number,
  ): number;
}

/**
 * Squared distances of float32 rows in WebAssembly SIMD (rowDistances.wat), equal bit for bit to
 * the JS loops' (`squaredDistance`, and brute force's norms-and-dot-product form), on a copy of
 * the rows in the module's own memory: one per thread, since a module's memory is not the shared
 * arena. Callers write row pairs into `pairs` and read results from `out`.
 *
 * Measured with random 64-value rows (ns per distance, CPU time, load ~10 on the shared 2-core
 * machine): 10,000 rows 58–68 against the JS loop's 145–193; 70,000 rows (rows out of cache)
 * 214–236 against 265–336. Float32 lanes took 31–36 and 97–151 but round differently.
 */
export class RowDistances {
  /** Row pairs to measure: pair c is (pairs[2c], pairs[2c + 1]). */
  readonly pairs: Int32Array;
  /** The results of the last call, from index 0. */
  readonly out: Float64Array;
  /** Brute force's bound per row (its list's current k-th squared distance), kept by the caller. */
  readonly worst: Float64Array;
  private readonly kernel: RowDistancesExports;
  private readonly strideBytes: number;
  private readonly normsAt: number;
  private readonly worstAt: number;
  private readonly pairsAt: number;
  private readonly outAt: number;

  /**
   * Copies `n` rows of `stride` values (a multiple of 4; the padding zeros) from `rows`, and
   * their squared norms if given (for `candidates`), with room for `capacity` results per call.
   * `worst` starts at Infinity.
   */
  constructor(
    rows: Float32Array,
    n: number,
    stride: number,
    capacity: number,
    norms: Float64Array | null = null,
  ) {
    if (stride % 4 !== 0) throw new Error(`RowDistances: stride ${stride} is not a multiple of 4`);
    this.kernel = newKernel();
    this.strideBytes = stride * 4;
    const withNorms = norms === null ? 0 : n;
    this.normsAt = n * this.strideBytes;
    this.worstAt = this.normsAt + withNorms * 8;
    this.pairsAt = this.worstAt + withNorms * 8;
    this.outAt = this.pairsAt + capacity * 8;
    const { memory } = this.kernel;
    const bytes = this.outAt + capacity * 8;
    // wasm32 addresses 4 GiB at most, and each thread holds its own copy of the rows.
    if (bytes > MAX_PAGES * PAGE_BYTES)
      throw new Error(
        `nearest neighbours: ${n} rows of ${stride} values need ${(bytes / 2 ** 30).toFixed(1)} GiB of WebAssembly memory per thread, over its 4 GiB; reduce the vectors first (fewer rows or dimensions, e.g. a PCA)`,
      );
    growTo(memory, bytes);
    new Float32Array(memory.buffer, 0, n * stride).set(rows.subarray(0, n * stride));
    if (norms !== null) new Float64Array(memory.buffer, this.normsAt, n).set(norms.subarray(0, n));
    this.worst = new Float64Array(memory.buffer, this.worstAt, withNorms).fill(Infinity);
    this.pairs = new Int32Array(memory.buffer, this.pairsAt, 2 * capacity);
    this.out = new Float64Array(memory.buffer, this.outAt, capacity);
  }

  /** out[c] = the squared distance of pair c, for c < count. */
  squaredDistances(count: number): void {
    this.kernel.squaredDistances(this.pairsAt, count, this.strideBytes, this.outAt);
  }

  /**
   * Brute force's pairs (a, j) for from <= j < to, to - from <= capacity, whose squared distance
   * (‖a‖² + ‖j‖² − 2 a·j) is at most `worst[a]` or `worst[j]`: returns their count c, the rows in
   * `pairs[0 .. c)` and the distances in `out[0 .. c)`, in order of j. Needs the norms.
   */
  candidates(a: number, from: number, to: number): number {
    const { strideBytes, normsAt, worstAt, pairsAt, outAt } = this;
    return this.kernel.candidates(a, from, to, strideBytes, normsAt, worstAt, pairsAt, outAt);
  }
}

/** Values per row once padded to a multiple of 4, the kernel's vector width in float32. */
export function paddedStride(d: number): number {
  return Math.ceil(d / 4) * 4;
}

/** `n` rows of `d` values zero-padded to a multiple of 4 (`stride`), as RowDistances takes them. */
export function paddedRows(
  rows: Float32Array,
  n: number,
  d: number,
): { rows: Float32Array; stride: number } {
  const stride = paddedStride(d);
  if (stride === d) return { rows, stride };
  const out = new Float32Array(n * stride);
  for (let i = 0; i < n; i++) out.set(rows.subarray(i * d, i * d + d), i * stride);
  return { rows: out, stride };
}

/**
 * One thread's kernel over rows in shared memory that every run of a search refills: the rows
 * are copied into a new kernel only when the run counter (in shared memory, moved by the leading
 * thread as it refills them) has changed since this thread last made one.
 */
export class KernelPerRun {
  private kernel: RowDistances | null = null;
  private run = -1;

  constructor(private readonly make: () => RowDistances) {}

  /** The kernel on the rows of run `run`. */
  forRun(run: number): RowDistances {
    if (this.kernel === null || this.run !== run) {
      this.kernel = this.make();
      this.run = run;
    }
    return this.kernel;
  }
}
