import { createHash, randomBytes } from 'node:crypto';
import {
  Dirent,
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * A fresh name next to `path` for building it before the final rename: same folder (so the
 * rename is atomic), unique per process and call, and never equal to `path` itself.
 */
export function temporarySibling(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Writes `bytes` to a temporary sibling and renames it over `path`, so a reader (or a process
 * killed mid-write) never sees a partial file at the final path.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  makeDirs(dirname(path), path);
  const tmp = temporarySibling(path);
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
    throw writeFailure(path, error);
  }
}

/** Write errors a user can act on, said plainly (the system's own text names no file or cause). */
const FULL_DISK: Record<string, string> = {
  EFBIG:
    "file too large (EFBIG): the file-size limit (ulimit -f) or the file system's maximum was reached",
  ENOSPC: 'no space left on device (ENOSPC): free some space, then run again',
  EDQUOT: 'disk quota exceeded (EDQUOT): free some space, then run again',
  EROFS: 'read-only file system (EROFS): write to a writable folder instead',
  EACCES: 'permission denied (EACCES): write to a folder you may write to',
  EPERM: 'operation not permitted (EPERM): write to a folder you may write to',
};

/**
 * The real cause of a failed `mkdir -p`: Node reports ENOENT when a missing folder cannot be made
 * (a read-only mount, no permission), so the nearest existing ancestor is asked whether it can be
 * written. Other errors are their own cause.
 */
function realCause(error: NodeJS.ErrnoException): NodeJS.ErrnoException {
  if (error.code !== 'ENOENT' || error.syscall !== 'mkdir' || !error.path) return error;
  let parent = dirname(error.path);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  try {
    accessSync(parent, constants.W_OK);
  } catch (cause) {
    return cause as NodeJS.ErrnoException;
  }
  return error;
}

/**
 * `mkdir -p dir`. A failure is one line naming `target` (what the folder is made for) and the
 * real cause: on a read-only mount Node's own error says ENOENT.
 */
export function makeDirs(dir: string, target = dir): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw writeFailure(target, error);
  }
}

/** `error` as one line naming the file that could not be written, keeping its `code`. */
function writeFailure(path: string, error: unknown): Error {
  const cause = realCause(error as NodeJS.ErrnoException);
  const code = cause.code;
  const why = (code && FULL_DISK[code]) || cause.message;
  return Object.assign(new Error(`cannot write ${path}: ${why}`, { cause }), { code });
}

/**
 * Builds a whole folder under a temporary name, then swaps it into place. `fill` writes the
 * folder's files; if it throws, the previous folder (if any) is left untouched.
 */
export async function replaceDirAtomic(
  path: string,
  fill: (tmpDir: string) => Promise<void> | void,
): Promise<void> {
  const tmp = temporarySibling(path);
  const old = `${tmp}-old`;
  makeDirs(tmp, path);
  let movedAside = false;
  try {
    await fill(tmp);
    try {
      renameSync(path, old);
      movedAside = true;
    } catch (error) {
      // No previous folder: nothing to move aside.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    renameSync(tmp, path);
  } catch (error) {
    // The previous folder goes back where it was: a failed run never strands it aside.
    if (movedAside) renameSync(old, path);
    rmSync(tmp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw code && FULL_DISK[code] ? writeFailure(path, error) : error;
  }
  rmSync(old, { recursive: true, force: true });
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Removes what an interrupted atomic write leaves behind (`<name>.tmp-<pid>-<hex>` files and
 * folders) inside `dir` and beside it, so a killed run never pollutes the next one's outputs.
 * A previous folder that a replace had moved aside (`<name>.tmp-…-old`) when it was killed,
 * before the new one took its place, is moved back instead: it is the last complete version.
 * Call it only as the folder's one writer (under its lock). Returns what it removed or restored.
 */
export function removeStaleTemporaries(dir: string): string[] {
  const handled: string[] = [];
  // Inside the stage folder every level is swept (checkpoints live in sub-folders); beside it,
  // only the folder's own temporaries.
  const sweep = (folder: string, only?: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const temporary = TEMPORARY.exec(entry.name);
      if (temporary) {
        const final = temporary[1];
        if (only !== undefined && final !== only) continue;
        if (temporary[2] && !names.has(final)) {
          renameSync(path, join(folder, final));
          names.add(final);
        } else rmSync(path, { recursive: true, force: true });
        handled.push(path);
      } else if (only === undefined && entry.isDirectory()) {
        sweep(path);
      }
    }
  };
  sweep(dir);
  sweep(dirname(dir), basename(dir));
  return handled;
}

/** `<final name>.tmp-<pid>-<hex>[-old]`: the final name, and whether it is a folder moved aside. */
const TEMPORARY = /^(.*)\.tmp-\d+-[0-9a-f]{8}(-old)?$/;
