/**
 * Work split into numbered tasks, so one algorithm can run in the calling thread or on several
 * (`Team` of @latentlens/data). Tasks of one run write disjoint outputs and read nothing another task of
 * that run writes: then the order and the thread that runs each task never change a result.
 */
export type TaskHandler = (task: number) => void;

export interface TaskRunner {
  /**
   * Runs tasks 0..count-1 of `kind` and returns when all are done. `first`, if given, runs
   * before this thread's share of the tasks (other threads may already be running theirs), so it
   * must touch nothing the tasks read or write.
   */
  run(kind: number, count: number, first?: () => void): void;
}

/** Runs every task in the calling thread, in order. */
export function serialRunner(handlers: readonly TaskHandler[]): TaskRunner {
  return {
    run(kind, count, first) {
      first?.();
      const handler = handlers[kind];
      for (let task = 0; task < count; task++) handler(task);
    },
  };
}
