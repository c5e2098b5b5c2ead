import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temporary root for one test file (made before its tests, removed after), handing out a new
 * folder per call, and a file put alone in a new folder.
 */
export function scratchFolders(prefix: string): {
  root: () => string;
  fresh: (name: string) => string;
  put: (name: string, bytes: Uint8Array | string) => string;
} {
  let root = '';
  let count = 0;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const fresh = (name: string) => {
    const dir = join(root, `${name}-${count++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const put = (name: string, bytes: Uint8Array | string) => {
    const path = join(fresh('in'), name);
    writeFileSync(path, bytes);
    return path;
  };
  return { root: () => root, fresh, put };
}
