import type { Allocator } from '../core/memory';

/** Every allocation starts on an 8-byte boundary, so float64 views are always aligned. */
function padded(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/**
 * Views on one SharedArrayBuffer, handed out in call order. Threads that make the same sequence of
 * calls on arenas over the same buffer get views on the same memory: a structure built with an
 * arena in one thread can be rebuilt, as views, in another.
 */
export class SharedArena implements Allocator {
  private offset = 0;

  constructor(readonly buffer: SharedArrayBuffer) {}

  /** An arena big enough for what `construct` allocates. */
  static for(construct: (memory: Allocator) => unknown): SharedArena {
    let bytes = 0;
    construct({
      float32: (length) => {
        bytes += padded(4 * length);
        return new Float32Array(0);
      },
      uint8: (length) => {
        bytes += padded(length);
        return new Uint8Array(0);
      },
      float64: (length) => {
        bytes += padded(8 * length);
        return new Float64Array(0);
      },
      int32: (length) => {
        bytes += padded(4 * length);
        return new Int32Array(0);
      },
    });
    return new SharedArena(new SharedArrayBuffer(bytes));
  }

  float32(length: number): Float32Array {
    return new Float32Array(this.buffer, this.take(4 * length), length);
  }

  uint8(length: number): Uint8Array {
    return new Uint8Array(this.buffer, this.take(length), length);
  }

  float64(length: number): Float64Array {
    return new Float64Array(this.buffer, this.take(8 * length), length);
  }

  int32(length: number): Int32Array {
    return new Int32Array(this.buffer, this.take(4 * length), length);
  }

  private take(bytes: number): number {
    const at = this.offset;
    this.offset += padded(bytes);
    if (this.offset > this.buffer.byteLength)
      throw new Error(
        `SharedArena: ${this.offset} bytes requested, ${this.buffer.byteLength} available`,
      );
    return at;
  }
}

/** A shared copy of a typed array (the input of a parallel job). */
export function sharedCopy<T extends Float32Array | Float64Array | Int32Array>(array: T): T {
  const buffer = new SharedArrayBuffer(array.byteLength);
  const copy = new (array.constructor as new (b: SharedArrayBuffer) => T)(buffer);
  copy.set(array);
  return copy;
}
