import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('moves back a previous folder that a killed replace had moved aside, and only then', () => {
    const root = mkdtempSync(join(tmpdir(), 'latentlens-sweep-'));
    const stage = join(root, 'export');
    // Killed between "move the old folder aside" and "move the new one in": no export/ at all.
    const aside = join(root, 'export.tmp-41-0a0b0c0d-old');
    const half = join(root, 'export.tmp-41-0a0b0c0d');
    mkdirSync(aside);
    writeFileSync(join(aside, 'report.md'), 'previous');
    mkdirSync(half);
    // Inside: a model folder moved aside while its replacement was already in place.
    mkdirSync(join(root, 'model'));
    const staleAside = join(root, 'model.tmp-9-00000001-old');
    mkdirSync(staleAside);

    expect(removeStaleTemporaries(stage).sort()).toEqual([aside, half].sort());
    expect(readFileSync(join(stage, 'report.md'), 'utf8')).toBe('previous');
    expect(existsSync(half)).toBe(false);
    // Not this folder's: left alone.
    expect(existsSync(staleAside)).toBe(true);
    expect(removeStaleTemporaries(join(root, 'model'))).toEqual([staleAside]);
    expect(existsSync(staleAside)).toBe(false);
  });
});
