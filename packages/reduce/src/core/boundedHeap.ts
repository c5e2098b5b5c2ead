import { plainMemory, type Allocator } from './memory';

/**
 * Many fixed-size max-heaps packed into flat typed arrays: heap `r` occupies slots
 * `[r*size, r*size+size)`, its root (the largest key, the first to be evicted) at the start.
 * Empty slots hold key `Infinity` and id `-1`. Used for k-nearest-neighbour lists (key =
 * squared distance).
 */
export interface BoundedHeaps {
  size: number;
  keys: Float32Array;
  ids: Int32Array;
  /** Per-slot flag carried along with its id (NN-descent's "new" mark); null when unused. */
  flags: Uint8Array | null;
}

/** Room for `rows` heaps of `size` slots; call `clearHeaps` before use. */
export function allocateHeaps(
  rows: number,
  size: number,
  withFlags: boolean,
  memory: Allocator = plainMemory,
): BoundedHeaps {
  return {
    size,
    keys: memory.float32(rows * size),
    ids: memory.int32(rows * size),
    flags: withFlags ? memory.uint8(rows * size) : null,
  };
}

/** Empties every heap. */
export function clearHeaps(heaps: BoundedHeaps): void {
  heaps.keys.fill(Infinity);
  heaps.ids.fill(-1);
  heaps.flags?.fill(0);
}

/**
 * Offers `id` with `key` to heap `row`. Rejected (returns false) when the heap is full of smaller
 * keys or already holds `id`; otherwise it replaces the root and sifts down.
 */
export function heapPush(
  heaps: BoundedHeaps,
  row: number,
  key: number,
  id: number,
  flag: number,
): boolean {
  const { size, keys, ids, flags } = heaps;
  const base = row * size;
  if (!(key < keys[base])) return false;
  for (let p = base; p < base + size; p++) if (ids[p] === id) return false;

  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= size) break;
    const right = left + 1;
    let child = left;
    if (right < size && keys[base + right] > keys[base + left]) child = right;
    if (!(keys[base + child] > key)) break;
    keys[base + pos] = keys[base + child];
    ids[base + pos] = ids[base + child];
    if (flags) flags[base + pos] = flags[base + child];
    pos = child;
  }
  keys[base + pos] = key;
  ids[base + pos] = id;
  if (flags) flags[base + pos] = flag;
  return true;
}

/** Sorts heap `row` in place into ascending key order (empty slots last). */
export function sortHeapRow(heaps: BoundedHeaps, row: number): void {
  const { size, keys, ids, flags } = heaps;
  const base = row * size;
  for (let i = base + 1; i < base + size; i++) {
    const key = keys[i];
    const id = ids[i];
    const flag = flags ? flags[i] : 0;
    let p = i;
    while (p > base && keys[p - 1] > key) {
      keys[p] = keys[p - 1];
      ids[p] = ids[p - 1];
      if (flags) flags[p] = flags[p - 1];
      p--;
    }
    keys[p] = key;
    ids[p] = id;
    if (flags) flags[p] = flag;
  }
}
