import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDataStage } from '@latentlens/data';

/**
 * The built `latentlens` writing onto a read-only mount, made in a user and mount namespace of its
 * own (`unshare -rm`: no privileges needed, the machine's mounts untouched). Every command must
 * say EROFS with the path, in one line (Node's own mkdir says ENOENT there). Skipped, saying so,
 * where namespaces are not allowed.
 */
const canUnshare = spawnSync('unshare', ['-rm', 'true']).status === 0;
const describeMounts = canUnshare ? describe : describe.skip;
if (!canUnshare) console.warn('readOnly.test: `unshare -rm` is not allowed here; skipped');

const BIN = join(__dirname, '..', '..', 'bin', 'latentlens.js');

describeMounts('a read-only output folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-ro-cli-'));
    mkdirSync(join(dir, 'ro'));
    await runDataStage({ config: { source: 'bundled', sample: 30 }, outDir: join(dir, 'data') });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `latentlens <args>` in `dir` with `dir/ro` mounted read-only. */
  function runReadOnly(args: string[]) {
    const script =
      'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && cd "$2" && shift 2 && exec "$@"';
    return spawnSync(
      'unshare',
      ['-rm', 'sh', '-c', script, 'sh', join(dir, 'ro'), dir, process.execPath, BIN, ...args],
      { encoding: 'utf8' },
    );
  }

  it.each([
    [
      'data into a new folder on it',
      ['data', '--source', 'bundled', '--sample', '5', '--out', 'ro/new'],
      'ro/new',
    ],
    [
      'data into the mount itself',
      ['data', '--source', 'bundled', '--sample', '5', '--out', 'ro'],
      'ro/dataset.arrow',
    ],
    [
      'train into a new folder on it',
      ['train', '--dataset', 'data/dataset.arrow', '--out', 'ro/train', '--epochs', '1'],
      'ro/train',
    ],
  ])('%s: exit 1, one line naming the path and EROFS', (_, args, path) => {
    const run = runReadOnly(args);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('latentlens '));
    expect({ status: run.status, errors }).toEqual({
      status: 1,
      errors: [
        `latentlens ${args[0]}: cannot write ${path}: read-only file system (EROFS): write to a writable folder instead`,
      ],
    });
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(join(dir, 'ro'))).toEqual([]);
  });
});
