/** The typed arrays that shared memory holds here. */
export type SharedTypedArray = Uint8Array | Int32Array | Float32Array | Float64Array;

/** Every allocation starts on an 8-byte boundary, so float64 views are always aligned. */
function padded(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/**
 * A copy of `array` in a new SharedArrayBuffer of exactly its size: posted to worker threads, it is
 * shared, never copied (the input of a parallel job).
 */
export function sharedCopy<T extends SharedTypedArray>(array: T): T {
  const buffer = new SharedArrayBuffer(array.byteLength);
  const copy = new (array.constructor as new (b: SharedArrayBuffer) => T)(buffer);
  copy.set(array);
  return copy;
}

/** What an arena hands out: the shape of an algorithm's allocator (e.g. reduce's `Allocator`). */
export interface ArrayAllocator {
  float32(length: number): Float32Array;
  float64(length: number): Float64Array;
  int32(length: number): Int32Array;
  uint8(length: number): Uint8Array;
}

/**
 * Views on one SharedArrayBuffer, handed out in call order. Threads that make the same sequence of
 * calls on arenas over the same buffer get views on the same memory: a structure built with an
 * arena in one thread can be rebuilt, as views, in another.
 */
export class SharedArena implements ArrayAllocator {
  private offset = 0;

  constructor(readonly buffer: SharedArrayBuffer) {}

  /** An arena just big enough for what `construct` allocates (run once, on empty arrays). */
  static for(construct: (memory: ArrayAllocator) => unknown): SharedArena {
    return new SharedArena(new SharedArrayBuffer(SharedArena.bytesFor(construct)));
  }

  /**
   * The bytes an arena needs for what `construct` allocates (run once, on empty arrays), for a
   * caller that makes the buffer itself (e.g. a shared WebAssembly memory's).
   */
  static bytesFor(construct: (memory: ArrayAllocator) => unknown): number {
    let bytes = 0;
    const count = (size: number) => (bytes += padded(size));
    construct({
      float32: (length) => (count(4 * length), new Float32Array(0)),
      float64: (length) => (count(8 * length), new Float64Array(0)),
      int32: (length) => (count(4 * length), new Int32Array(0)),
      uint8: (length) => (count(length), new Uint8Array(0)),
    });
    return bytes;
  }

  float32(length: number): Float32Array {
    return new Float32Array(this.buffer, this.take(4 * length), length);
  }

  float64(length: number): Float64Array {
    return new Float64Array(this.buffer, this.take(8 * length), length);
  }

  int32(length: number): Int32Array {
    return new Int32Array(this.buffer, this.take(4 * length), length);
  }

  uint8(length: number): Uint8Array {
    return new Uint8Array(this.buffer, this.take(length), length);
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
