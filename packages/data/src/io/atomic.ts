import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `bytes` to a temporary sibling and renames it over `path`, so a reader (or a process
 * killed mid-write) never sees a partial file at the final path.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new Error(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/**
 * Builds a whole folder under a temporary name, then swaps it into place. `fill` writes the
 * folder's files; if it throws, the previous folder (if any) is left untouched.
 */
export async function replaceDirAtomic(
  path: string,
  fill: (tmpDir: string) => Promise<void> | void,
): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const old = `${tmp}-old`;
  mkdirSync(tmp, { recursive: true });
  try {
    await fill(tmp);
    try {
      renameSync(path, old);
    } catch {
      // No previous folder: nothing to move aside.
    }
    renameSync(tmp, path);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Removes what an interrupted atomic write leaves behind (`<name>.tmp-<pid>-<hex>` files and
 * folders) inside `dir` and beside it, so a killed run never pollutes the next one's outputs.
 */
export function removeStaleTemporaries(dir: string): string[] {
  const removed: string[] = [];
  const sweep = (folder: string, only?: string) => {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!/\.tmp-\d+-[0-9a-f]{8}(-old)?$/.test(entry)) continue;
      if (only !== undefined && !entry.startsWith(`${only}.tmp-`)) continue;
      rmSync(join(folder, entry), { recursive: true, force: true });
      removed.push(join(folder, entry));
    }
  };
  sweep(dir);
  sweep(dirname(dir), basename(dir));
  return removed;
}
