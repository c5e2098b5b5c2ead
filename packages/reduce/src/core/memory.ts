/**
 * Where an algorithm keeps the arrays that other threads may read: plain memory by default, or
 * views on shared memory handed out by the caller (`SharedArena` of @latentlens/data). Algorithms take
 * an Allocator instead of calling `new` so that the same code runs in one thread or several.
 */
export interface Allocator {
  float32(length: number): Float32Array;
  float64(length: number): Float64Array;
  int32(length: number): Int32Array;
  uint8(length: number): Uint8Array;
}

export const plainMemory: Allocator = {
  float32: (length) => new Float32Array(length),
  float64: (length) => new Float64Array(length),
  int32: (length) => new Int32Array(length),
  uint8: (length) => new Uint8Array(length),
};
