import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleTemporaries } from './atomic';

describe('removeStaleTemporaries', () => {
  it('removes what killed atomic writes left, in the stage folder, its sub-folders and beside it', () => {
    const root = mkdtempSync(join(tmpdir(), 'latentlens-sweep-'));
    const stage = join(root, 'train');
    mkdirSync(join(stage, 'checkpoint'), { recursive: true });
    const keep = [
      join(stage, 'history.arrow'),
      join(stage, 'checkpoint', 'state.bin'),
      join(root, 'data.tmp-notes'),
    ];
    const stale = [
      join(stage, 'history.arrow.tmp-123-0badc0de'),
      join(stage, 'checkpoint', 'state.bin.tmp-26973-157d8e28'),
      join(root, 'train.tmp-55-abcdef01'),
    ];
    for (const f of [...keep, ...stale]) writeFileSync(f, 'x');
    mkdirSync(join(root, 'export.tmp-77-12345678'));

    expect(removeStaleTemporaries(stage).sort()).toEqual([...stale].sort());
    for (const f of stale) expect(existsSync(f)).toBe(false);
    for (const f of keep) expect(existsSync(f)).toBe(true);
    // Another stage's temporary folder beside this one is not ours to remove.
    expect(existsSync(join(root, 'export.tmp-77-12345678'))).toBe(true);
  });
});
