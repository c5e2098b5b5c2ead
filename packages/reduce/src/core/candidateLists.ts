/**
 * The candidate sample of one NN-descent round: for each row, a fixed-size uniform sample of the
 * rows offered to it, drawn by pseudo-random pair priorities so that it does not depend on the
 * order of the offers (and so not on the number of threads).
 */
import type { Allocator } from './memory';

/**
 * Up to `capacity` candidate rows per row: row i's are `ids[i*capacity ..][0 .. count[i])`, a
 * max-heap by (`priority`, id) that keeps the lowest.
 */
export interface CandidateLists {
  capacity: number;
  ids: Int32Array;
  /** Unsigned 32-bit priorities, stored as int32. */
  priority: Int32Array;
  count: Int32Array;
}

export function candidateLists(n: number, capacity: number, memory: Allocator): CandidateLists {
  return {
    capacity,
    ids: memory.int32(n * capacity),
    priority: memory.int32(n * capacity),
    count: memory.int32(n),
  };
}

/**
 * A pseudo-random priority of the pair {a, b} in a round: the same from both ends, so a pair
 * offered to both rows' lists ranks alike in each.
 */
export function pairPriority(a: number, b: number, round: number): number {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77) ^ round;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** (p, id) ranks after (q, other): higher priority, ties by row. */
function after(p: number, id: number, q: number, other: number): boolean {
  return p > q || (p === q && id > other);
}

/**
 * Offers `id` with `priority` to row's candidates unless already there; once the list is full it
 * keeps the `capacity` lowest priorities. With random priorities that is a uniform sample of
 * everything offered, and the same sample whatever the order of the offers.
 */
export function offerCandidate(
  lists: CandidateLists,
  row: number,
  id: number,
  priority: number,
): void {
  const { capacity, ids, count } = lists;
  const prio = lists.priority;
  const base = row * capacity;
  const filled = count[row];
  for (let c = base; c < base + filled; c++) if (ids[c] === id) return;
  let pos: number;
  if (filled < capacity) {
    // Sift up from the new last slot.
    pos = filled;
    count[row] = filled + 1;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!after(priority, id, prio[base + parent] >>> 0, ids[base + parent])) break;
      ids[base + pos] = ids[base + parent];
      prio[base + pos] = prio[base + parent];
      pos = parent;
    }
  } else {
    if (!after(prio[base] >>> 0, ids[base], priority, id)) return;
    // Replace the root (the highest) and sift down.
    pos = 0;
    for (;;) {
      const left = 2 * pos + 1;
      if (left >= capacity) break;
      let child = left;
      const right = left + 1;
      if (
        right < capacity &&
        after(
          prio[base + right] >>> 0,
          ids[base + right],
          prio[base + left] >>> 0,
          ids[base + left],
        )
      )
        child = right;
      if (!after(prio[base + child] >>> 0, ids[base + child], priority, id)) break;
      ids[base + pos] = ids[base + child];
      prio[base + pos] = prio[base + child];
      pos = child;
    }
  }
  ids[base + pos] = id;
  prio[base + pos] = priority | 0;
}
