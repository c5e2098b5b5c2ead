/**
 * A reusable barrier for a fixed number of threads over 8 bytes of shared memory: [arrived,
 * generation]. The last thread to arrive resets the count and bumps the generation; the others
 * sleep (Atomics.wait, allowed in worker threads) until the generation changes. A thread whose
 * peer died waits until the pool terminates it (see `WorkerPool`); terminating wakes it.
 */
export class Barrier {
  private readonly cells: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    /** The threads that meet at it. */
    readonly parties: number,
  ) {
    this.cells = new Int32Array(buffer, 0, 2);
  }

  static buffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(Barrier.BYTES);
  }

  static readonly BYTES = 8;

  /** Returns once all `parties` threads have called it (this time). */
  wait(): void {
    const generation = Atomics.load(this.cells, 1);
    if (Atomics.add(this.cells, 0, 1) === this.parties - 1) {
      Atomics.store(this.cells, 0, 0);
      Atomics.add(this.cells, 1, 1);
      Atomics.notify(this.cells, 1);
      return;
    }
    while (Atomics.load(this.cells, 1) === generation) Atomics.wait(this.cells, 1, generation);
  }
}
