/**
 * How stages report long work. The CLI renders it as a bar on a TTY and as periodic lines
 * otherwise; library users can pass their own or nothing.
 */
export interface Progress {
  /** Starts a phase; `total` units when known. */
  phase(name: string, total?: number): void;
  /** Marks `done` units of the current phase complete, with an optional short status. */
  update(done: number, status?: string): void;
  /** A line worth keeping in the log (warnings, chosen backend, …). */
  log(message: string): void;
}

export const silentProgress: Progress = {
  phase: () => undefined,
  update: () => undefined,
  log: () => undefined,
};
