import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `artifacts/<pipeline>/.locks/<stage>.lock`, holding the owner's PID while the stage runs. */
export function stageLockPath(root: string, pipeline: string, stage: string): string {
  return join(root, 'artifacts', pipeline, '.locks', `${stage}.lock`);
}

/**
 * One writer per stage folder. A second run of the same stage fails fast, naming the owner; a
 * lock whose process is gone (killed) is taken over. Returns the release function.
 */
export function acquireStageLock(
  root: string,
  pipeline: string,
  stage: string,
  warn: (message: string) => void,
): () => void {
  const path = stageLockPath(root, pipeline, stage);
  mkdirSync(dirname(path), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (createExclusive(path, mine)) return () => removeIfUnchanged(path, mine);
    const held = readText(path);
    if (held === undefined) continue; // released in between: try again
    const owner = parseOwner(held);
    if (owner && isAlive(owner.pid)) {
      throw new Error(
        `stage ${stage} of pipeline ${pipeline} is already running (PID ${owner.pid}, since ${owner.startedAt}); wait for it to finish or stop it, then retry`,
      );
    }
    warn(`removing a stale lock of stage ${stage} left by PID ${owner?.pid ?? 'unknown'}`);
    takeOver(path, held);
  }
  throw new Error(`cannot lock stage ${stage}: ${path} keeps changing hands; retry`);
}

/** Removes the lock of `stage` if the process `pid` (which has ended) still holds it. */
export function releaseStageLockOf(
  root: string,
  pipeline: string,
  stage: string,
  pid: number,
): void {
  const path = stageLockPath(root, pipeline, stage);
  const held = readText(path);
  if (held !== undefined && parseOwner(held)?.pid === pid) takeOver(path, held);
}

/**
 * Creates `path` holding `content` unless it exists. The content is written under a private name
 * and hard-linked into place, so the lock never appears empty or half-written to another process.
 */
function createExclusive(path: string, content: string): boolean {
  const draft = `${path}.${process.pid}.draft`;
  writeFileSync(draft, content);
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Removes the lock at `path` if it still holds `stale`. A second lock (`.takeover`) serialises the
 * check and the removal: two processes that found the same stale lock could otherwise each remove
 * it, the slower one deleting the fresh lock the faster one had created meanwhile.
 */
function takeOver(path: string, stale: string): void {
  const mutex = `${path}.takeover`;
  if (!createExclusive(mutex, JSON.stringify({ pid: process.pid }))) {
    const holder = parseOwner(readText(mutex) ?? '');
    if (holder && !isAlive(holder.pid))
      rmSync(mutex, { force: true }); // killed while taking over
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); // let it finish
    return;
  }
  try {
    if (readText(path) === stale) rmSync(path, { force: true });
  } finally {
    rmSync(mutex, { force: true });
  }
}

function removeIfUnchanged(path: string, content: string): void {
  if (readText(path) === content) rmSync(path, { force: true });
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): { pid: number; startedAt?: string } | undefined {
  try {
    const owner = JSON.parse(text);
    return Number.isInteger(owner?.pid) ? owner : undefined;
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
