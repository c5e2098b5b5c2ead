import { linkSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive, makeDirs, removeStaleTemporaries } from '@latentlens/data';

/**
 * The lock of an output folder: `<parent>/.locks/<folder>.lock` beside it (inside, it would be
 * swapped away with the folder by an atomic replace), holding the owner's PID while it writes.
 * A pipeline's stage folder and a command's `--out` are the same kind of thing, so
 * `latentlens stage` and `latentlens train --out` on one folder take the same lock.
 */
export function outputLockPath(dir: string): string {
  return join(dirname(dir), '.locks', `${basename(dir)}.lock`);
}

/**
 * One writer per output folder. A second writer fails fast, naming the first (`what` says what
 * runs: "stage train of pipeline mnist", "latentlens train"); a lock whose process is gone
 * (killed) is taken over. Returns the release function.
 */
export function acquireOutputLock(
  dir: string,
  what: string,
  warn: (message: string) => void,
): () => void {
  const path = outputLockPath(dir);
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), what });
  for (let attempt = 0; attempt < 100; attempt++) {
    // Each time: a run that released its lock meanwhile may have removed the empty folder.
    makeDirs(dirname(path), dir);
    if (createExclusive(path, mine)) return () => removeIfUnchanged(path, mine);
    const held = readText(path);
    if (held === undefined) continue; // released in between: try again
    const owner = parseOwner(held);
    if (owner && isProcessAlive(owner.pid)) {
      throw new Error(
        `${dir} is being written by ${owner.what ?? 'another run'} (PID ${owner.pid}, since ${owner.startedAt}); wait for it to finish or stop it, then retry`,
      );
    }
    warn(`removing a stale lock of ${dir} left by PID ${owner?.pid ?? 'unknown'}`);
    takeOver(path, held);
  }
  throw new Error(`cannot lock ${dir}: ${path} keeps changing hands; retry`);
}

/**
 * Runs `work`, which writes `dir`, as the folder's only writer: under its lock, after sweeping
 * what a killed writer left (atomic writes' temporaries). Every command that writes goes
 * through here, a pipeline stage and `latentlens <stage> --out` alike.
 */
export async function writingOutput<T>(
  dir: string,
  what: string,
  warn: (message: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  const release = acquireOutputLock(dir, what, warn);
  try {
    removeStaleTemporaries(dir);
    return await work();
  } finally {
    release();
  }
}

/** Removes the lock of `dir` if the process `pid` (which has ended) still holds it. */
export function releaseOutputLockOf(dir: string, pid: number): void {
  const path = outputLockPath(dir);
  const held = readText(path);
  if (held !== undefined && parseOwner(held)?.pid === pid) takeOver(path, held);
}

/**
 * Creates `path` holding `content` unless it exists. The content is written under a private name
 * and hard-linked into place, so the lock never appears empty or half-written to another process.
 */
function createExclusive(path: string, content: string): boolean {
  const draft = `${path}.${process.pid}.draft`;
  try {
    writeFileSync(draft, content);
  } catch (error) {
    // The folder was removed by a run releasing the last lock in it: the caller tries again.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
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
    if (holder && !isProcessAlive(holder.pid))
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
  if (readText(path) !== content) return;
  rmSync(path, { force: true });
  // The .locks folder too once it is empty, so that a command's --out leaves nothing beside it.
  try {
    rmdirSync(dirname(path));
  } catch {
    // Another lock is in it, or another run removed it first.
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): { pid: number; startedAt?: string; what?: string } | undefined {
  try {
    const owner = JSON.parse(text);
    return Number.isInteger(owner?.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}
