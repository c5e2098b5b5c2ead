/**
 * One hostile or careless input and what latentlens must do with it. The cases live in files of
 * this folder, one per class of input (`<class>.cases.ts`); `hostile.test.ts` runs them all with
 * the real `latentlens` command in a fresh folder each, and can print them as a table
 * (`HOSTILE_TABLE=<file> npx jest hostile`) for review.
 */
export interface HostileCase {
  /** The class of input, e.g. "output folder", "pipeline name", "validator". */
  kind: string;
  /** What is tried, in a few words. */
  name: string;
  /**
   * Prepares `dir` (a fresh, empty folder that is also the working directory of the run) and
   * returns the arguments of `latentlens`.
   */
  setup(dir: string): string[] | Promise<string[]>;
  /** The exit code expected. */
  code: number;
  /** What the first line of standard error must match. */
  message: RegExp;
  /**
   * Checks what the run left on disk (throws when it is wrong) and says it in a few words for the
   * table, e.g. "notes.txt kept; nothing written".
   */
  left(dir: string): string;
}
