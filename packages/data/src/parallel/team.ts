import { Barrier } from './barrier';

/** Runs task number `task` of a loop; tasks of one loop write disjoint outputs. */
export type TaskHandler = (task: number) => void;

/** The control cells after the barrier's (Int32): task kind, task count, next task. */
const KIND = 0;
const COUNT = 1;
const NEXT = 2;
const CELLS = 3;
const STOP = -1;

/**
 * A team of threads sharing loops of independent tasks. One thread leads: it runs the algorithm
 * and, wherever the work splits into tasks 0..count-1, calls `run`; every member, the leader
 * included, then claims tasks one at a time from a shared counter until none are left. Tasks
 * must write disjoint outputs, so which thread ran which task never changes a result. Members
 * meet at a barrier before a loop (the leader has set it up) and after it (all its tasks are done).
 * A member that throws never reaches the second barrier; its error fails the pool, which
 * terminates the others (see `WorkerPool`).
 */
export class Team {
  private readonly cells: Int32Array;
  private readonly barrier: Barrier;

  constructor(
    buffer: SharedArrayBuffer,
    members: number,
    /** One handler per task kind. */
    private readonly handlers: readonly TaskHandler[],
  ) {
    this.barrier = new Barrier(buffer, members);
    this.cells = new Int32Array(buffer, Barrier.BYTES, CELLS);
  }

  static buffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(Barrier.BYTES + 4 * CELLS);
  }

  /**
   * Leader: runs tasks 0..count-1 of `kind` on the whole team. `first`, if given, runs after the
   * others have started and before this thread's share, so it must touch nothing the tasks use.
   */
  run(kind: number, count: number, first?: () => void): void {
    Atomics.store(this.cells, KIND, kind);
    Atomics.store(this.cells, COUNT, count);
    Atomics.store(this.cells, NEXT, 0);
    this.barrier.wait();
    first?.();
    this.claim(kind, count);
    this.barrier.wait();
  }

  /** Leader: releases the others from `serve`. */
  stop(): void {
    Atomics.store(this.cells, KIND, STOP);
    this.barrier.wait();
  }

  /** The others: claim tasks of every loop until the leader stops the team. */
  serve(): void {
    for (;;) {
      this.barrier.wait();
      const kind = Atomics.load(this.cells, KIND);
      if (kind === STOP) return;
      this.claim(kind, Atomics.load(this.cells, COUNT));
      this.barrier.wait();
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
