import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes into a read-only mount, made in a user and mount namespace of its own (`unshare -rm`), so
 * the test needs no privileges and leaves the machine's mounts alone. Where namespaces are not
 * allowed, it is skipped, and says so.
 */
const canUnshare = spawnSync('unshare', ['-rm', 'true']).status === 0;
const describeMounts = canUnshare ? describe : describe.skip;
if (!canUnshare) console.warn('readOnly.test: `unshare -rm` is not allowed here; skipped');

describeMounts('writing on a read-only file system', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-ro-'));
    mkdirSync(join(dir, 'ro', 'existing'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs writeFileAtomic(target) with `dir/ro` mounted read-only; returns its error message. */
  function writeReadOnly(target: string): string {
    const ro = join(dir, 'ro');
    const script = `try { require(${JSON.stringify(join(__dirname, 'atomic.ts'))}).writeFileAtomic(${JSON.stringify(target)}, 'x'); console.log('written') } catch (e) { console.log(e.code + ' ' + e.message) }`;
    const run = spawnSync(
      'unshare',
      [
        '-rm',
        'sh',
        '-c',
        'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && exec "$2" -r @swc-node/register -e "$3"',
        'sh',
        ro,
        process.execPath,
        script,
      ],
      { encoding: 'utf8', cwd: __dirname },
    );
    if (run.status !== 0) throw new Error(run.stderr);
    return run.stdout.trim();
  }

  it.each([
    ['in the mounted folder', 'file.arrow'],
    ['in an existing sub-folder', 'existing/file.arrow'],
    ['in folders still to be made (where mkdir said ENOENT)', 'new/deeper/file.arrow'],
  ])('%s: EROFS, said plainly with the path', (_, relative) => {
    const target = join(dir, 'ro', relative);
    expect(writeReadOnly(target)).toBe(
      `EROFS cannot write ${target}: read-only file system (EROFS): write to a writable folder instead`,
    );
  });
});
