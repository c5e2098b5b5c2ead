import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One writer per stage folder: `artifacts/<pipeline>/.locks/<stage>.lock` holds the owner's PID.
 * A second run of the same stage fails fast; a lock whose process is gone is taken over.
 */
export function acquireStageLock(
  root: string,
  pipeline: string,
  stage: string,
  warn: (message: string) => void,
): () => void {
  const dir = join(root, 'artifacts', pipeline, '.locks');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${stage}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner && isAlive(owner.pid)) {
        throw new Error(
          `stage ${stage} of pipeline ${pipeline} is already running (PID ${owner.pid}, since ${owner.startedAt}); wait for it to finish or stop it, then retry`,
        );
      }
      warn(`removing a stale lock of stage ${stage} left by PID ${owner?.pid ?? 'unknown'}`);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot lock stage ${stage}: ${path} keeps reappearing`);
}

function readOwner(path: string): { pid: number; startedAt: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
