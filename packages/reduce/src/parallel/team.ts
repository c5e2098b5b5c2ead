import type { TaskHandler, TaskRunner } from '../core/tasks';

/**
 * A team of threads sharing loops of independent tasks. One thread leads: it runs the algorithm
 * and, wherever the work splits into tasks 0..count-1, calls `run`, which wakes the helpers;
 * every member, the leader included, then claims tasks one at a time from a shared counter until
 * none are left. Tasks must write disjoint outputs, so which thread ran which task never changes
 * a result.
 *
 * The control block (Int32, shared): generation, task kind, task count, next task, members
 * finished, failure flag. Waits time out and loop, so a terminated thread is never stuck in one.
 */
const GENERATION = 0;
const KIND = 1;
const COUNT = 2;
const NEXT = 3;
const FINISHED = 4;
const FAILED = 5;
const CELLS = 6;
const STOP = -1;
const WAIT_MS = 200;

/** What the leader throws when a helper failed; the helper reports its own error beside it. */
export const HELPER_FAILED = 'a helper thread failed';

export class Team implements TaskRunner {
  private readonly cells: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    /** Threads besides the leader. */
    private readonly helpers: number,
    private readonly handlers: readonly TaskHandler[],
  ) {
    this.cells = new Int32Array(buffer, 0, CELLS);
  }

  static buffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(4 * CELLS);
  }

  /** Leader: runs tasks 0..count-1 of `kind` on the whole team (see `TaskRunner`). */
  run(kind: number, count: number, first?: () => void): void {
    const c = this.cells;
    Atomics.store(c, KIND, kind);
    Atomics.store(c, COUNT, count);
    Atomics.store(c, NEXT, 0);
    Atomics.store(c, FINISHED, 0);
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
    first?.();
    this.claim(kind, count);
    for (;;) {
      const finished = Atomics.load(c, FINISHED);
      if (Atomics.load(c, FAILED) !== 0) throw new Error(HELPER_FAILED);
      if (finished === this.helpers) return;
      Atomics.wait(c, FINISHED, finished, WAIT_MS);
    }
  }

  /** Leader: releases the helpers from `serve`. */
  stop(): void {
    Atomics.store(this.cells, KIND, STOP);
    Atomics.add(this.cells, GENERATION, 1);
    Atomics.notify(this.cells, GENERATION);
  }

  /** Helper: claims tasks of every run until the leader stops the team. */
  serve(): void {
    const c = this.cells;
    let seen = 0;
    for (;;) {
      let generation = Atomics.load(c, GENERATION);
      while (generation === seen) {
        Atomics.wait(c, GENERATION, seen, WAIT_MS);
        generation = Atomics.load(c, GENERATION);
      }
      seen = generation;
      const kind = Atomics.load(c, KIND);
      if (kind === STOP) return;
      try {
        this.claim(kind, Atomics.load(c, COUNT));
      } catch (error) {
        Atomics.store(c, FAILED, 1);
        throw error;
      } finally {
        Atomics.add(c, FINISHED, 1);
        Atomics.notify(c, FINISHED);
      }
    }
  }

  private claim(kind: number, count: number): void {
    const handler = this.handlers[kind];
    for (;;) {
      const task = Atomics.add(this.cells, NEXT, 1);
      if (task >= count) return;
      handler(task);
    }
  }
}
