import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { acquireOutputLock, outputLockPath, releaseOutputLockOf } from '../pipeline/outputLock';

/** The PID of a process that has ended. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (!pid) throw new Error('could not start node');
  return pid;
}

function writeLock(root: string, pid: number): string {
  const path = outputLockPath(join(root, 'train'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00.000Z' }));
  return path;
}

describe('output folder lock', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'latentlens-lock-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a second owner fails fast, naming the first; release frees the stage', () => {
    const release = acquireOutputLock(
      join(root, 'train'),
      'stage train of pipeline p',
      () => undefined,
    );
    expect(() =>
      acquireOutputLock(join(root, 'train'), 'latentlens train', () => undefined),
    ).toThrow(
      new RegExp(
        `/train is being written by stage train of pipeline p \\(PID ${process.pid}, since `,
      ),
    );
    release();
    // Nothing is left beside the folder, not even the empty .locks folder.
    expect(readdirSync(root)).toEqual([]);
  });

  it('a lock left by a process that is gone is taken over, with a warning', () => {
    const dead = deadPid();
    const path = writeLock(root, dead);
    const warnings: string[] = [];
    const release = acquireOutputLock(join(root, 'train'), 'stage train of pipeline p', (m) =>
      warnings.push(m),
    );
    expect(warnings).toEqual([
      `removing a stale lock of ${join(root, 'train')} left by PID ${dead}`,
    ]);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('two runs that find the same stale lock do not both take it', () => {
    writeLock(root, deadPid());
    let first: (() => void) | undefined;
    // The warning comes between seeing the stale lock and removing it: the other run takes the
    // lock over right there, as it could on another core.
    const second = () =>
      acquireOutputLock(join(root, 'train'), 'stage train of pipeline p', () => {
        first ??= acquireOutputLock(
          join(root, 'train'),
          'stage train of pipeline p',
          () => undefined,
        );
      });
    expect(second).toThrow(/is being written by/);
    expect(first).toBeDefined();
    expect(JSON.parse(readFileSync(outputLockPath(join(root, 'train')), 'utf8')).pid).toBe(
      process.pid,
    );
    first!();
  });

  it('the parent of a killed stage removes its lock, and only its lock', () => {
    const dead = deadPid();
    const path = writeLock(root, dead);
    releaseOutputLockOf(join(root, 'train'), dead + 1);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(dead);
    releaseOutputLockOf(join(root, 'train'), dead);
    expect(existsSync(path)).toBe(false);
  });
});
