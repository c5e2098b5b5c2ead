import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { acquireStageLock, releaseStageLockOf, stageLockPath } from '../pipeline/stageLock';

/** The PID of a process that has ended. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (!pid) throw new Error('could not start node');
  return pid;
}

function writeLock(root: string, pid: number): string {
  const path = stageLockPath(root, 'p', 'train');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00.000Z' }));
  return path;
}

describe('stage lock', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'latentlens-lock-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a second owner fails fast, naming the first; release frees the stage', () => {
    const release = acquireStageLock(root, 'p', 'train', () => undefined);
    expect(() => acquireStageLock(root, 'p', 'train', () => undefined)).toThrow(
      new RegExp(`stage train of pipeline p is already running \\(PID ${process.pid}, since `),
    );
    release();
    expect(readdirSync(dirname(stageLockPath(root, 'p', 'train')))).toEqual([]);
  });

  it('a lock left by a process that is gone is taken over, with a warning', () => {
    const dead = deadPid();
    const path = writeLock(root, dead);
    const warnings: string[] = [];
    const release = acquireStageLock(root, 'p', 'train', (m) => warnings.push(m));
    expect(warnings).toEqual([`removing a stale lock of stage train left by PID ${dead}`]);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('two runs that find the same stale lock do not both take it', () => {
    writeLock(root, deadPid());
    let first: (() => void) | undefined;
    // The warning comes between seeing the stale lock and removing it: the other run takes the
    // lock over right there, as it could on another core.
    const second = () =>
      acquireStageLock(root, 'p', 'train', () => {
        first ??= acquireStageLock(root, 'p', 'train', () => undefined);
      });
    expect(second).toThrow(/already running/);
    expect(first).toBeDefined();
    expect(JSON.parse(readFileSync(stageLockPath(root, 'p', 'train'), 'utf8')).pid).toBe(
      process.pid,
    );
    first!();
  });

  it('the parent of a killed stage removes its lock, and only its lock', () => {
    const dead = deadPid();
    const path = writeLock(root, dead);
    releaseStageLockOf(root, 'p', 'train', dead + 1);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(dead);
    releaseStageLockOf(root, 'p', 'train', dead);
    expect(readdirSync(dirname(path))).toEqual([]);
  });
});
