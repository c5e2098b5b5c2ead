import { main } from '../main';

/** What one run of the command line gave back: its exit code and the lines it printed. */
export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/**
 * Runs `latentlens <argv>` in-process. Errors go through console.error, so they are caught by a
 * spy that is restored afterwards, leaving the test's console as it was.
 */
export async function runCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const spy = jest
    .spyOn(console, 'error')
    .mockImplementation((line: string) => void err.push(line));
  try {
    const code = await main(argv, (line) => out.push(line));
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}
