import { spawn } from 'node:child_process';
import { killTree } from './processTree';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process itself ended (its output may still have been draining). */
  at: number;
}

/**
 * A child process, in a process group of its own, whose output (stdout and stderr as they arrive)
 * a test can wait on.
 */
export class WatchedProcess {
  readonly pid: number;
  /** Settles once the process has ended and its output is complete. */
  readonly closed: Promise<Exit>;
  private text = '';
  private readonly listeners = new Set<() => void>();
  private ended = false;

  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    const child = spawn(command, args, {
      ...options,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) throw new Error(`cannot start ${command}`);
    this.pid = child.pid;
    const onData = (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
      this.notify();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let at = 0;
    child.on('exit', () => (at = Date.now()));
    this.closed = new Promise((resolve) =>
      child.on('close', (code, signal) => {
        this.ended = true;
        this.notify();
        resolve({ code, signal, at: at || Date.now() });
      }),
    );
  }

  get output(): string {
    return this.text;
  }

  /** The last lines of the output, for failure messages. */
  tail(lines = 40): string {
    return this.text.split('\n').slice(-lines).join('\n');
  }

  /**
   * Resolves as soon as `condition` holds. It is checked on every chunk of output and, for
   * conditions on files, every 20 ms. Rejects if the process ends first or after `timeoutMs`.
   */
  waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (condition()) finish();
        else if (this.ended)
          finish(new Error(`the process ended before ${what}; its output:\n${this.tail()}`));
      };
      const poll = setInterval(check, 20);
      const timer = setTimeout(
        () =>
          finish(
            new Error(`no ${what} within ${timeoutMs / 1000} s; output so far:\n${this.tail()}`),
          ),
        timeoutMs,
      );
      const finish = (error?: Error) => {
        clearInterval(poll);
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for a line of output matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<void> {
    return this.waitFor(`a line matching ${pattern}`, () => pattern.test(this.text), timeoutMs);
  }

  /**
   * SIGKILLs the process and all its descendants, then its process group (anything orphaned in
   * it); returns how many processes of the tree were killed.
   */
  killTree(): number {
    const killed = killTree(this.pid).length;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // The group is already empty.
    }
    return killed;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
