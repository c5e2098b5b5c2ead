import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replaceDirAtomic } from './atomic';
import { claimOutputDir, ownsNames } from './outputDir';
import { RefusedInput } from './refusedInput';

const claim = (inputs: string[] = []) => ({
  stage: 'export',
  owns: ownsNames(['report.md', 'figures/']),
  inputs,
});

describe('claimOutputDir', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'latentlens-claim-'))));

  it('accepts a new folder, an empty one, and one holding only what the stage wrote', () => {
    expect(() => claimOutputDir(join(root, 'new', 'deeper'), claim())).not.toThrow();
    mkdirSync(join(root, 'out', 'figures'), { recursive: true });
    expect(() => claimOutputDir(join(root, 'out'), claim())).not.toThrow();
    writeFileSync(join(root, 'out', 'report.md'), '');
    writeFileSync(join(root, 'out', 'run.json'), '{}');
    writeFileSync(join(root, 'out', 'figures', 'tsne.png'), '');
    mkdirSync(join(root, 'out', 'report.md.tmp-12-abcdef01'));
    expect(() => claimOutputDir(join(root, 'out'), claim())).not.toThrow();
  });

  it.each([
    ['a note beside the outputs', 'notes.txt'],
    ['a file in a folder of its own', 'figures/../mine/plot.svg'],
    ['a hidden file', '.env'],
    ['a file whose name only starts like an owned one', 'report.md.bak'],
  ])('refuses a folder holding a file it did not write: %s', (_, name) => {
    const out = join(root, 'out');
    mkdirSync(join(out, 'figures'), { recursive: true });
    mkdirSync(join(out, 'mine'), { recursive: true });
    writeFileSync(join(out, name), 'keep me');
    expect(() => claimOutputDir(out, claim())).toThrow(RefusedInput);
    expect(() => claimOutputDir(out, claim())).toThrow(
      /^refusing to write the export into .*: it holds 1 file the export did not write \(.+\) \(give a new or empty folder, or move those files away\)$/,
    );
  });

  it('refuses a link it did not write, without following it', () => {
    const out = join(root, 'out');
    mkdirSync(out);
    symlinkSync('/', join(out, 'figures-link'));
    expect(() => claimOutputDir(out, claim())).toThrow(/did not write \(figures-link\)/);
  });

  it.each([
    ['a regular file', (p: string) => writeFileSync(p, 'x')],
    ['a link to a file', (p: string) => symlinkSync('/etc/hostname', p)],
  ])('refuses an output path that is %s', (_, make) => {
    const out = join(root, 'out');
    make(out);
    expect(() => claimOutputDir(out, claim())).toThrow(/: it is not a folder \(/);
  });

  it.each([
    ['the input itself', (out: string) => join(out, 'data', 'dataset.arrow')],
    ['through a link to the folder', (_out: string) => join(root, 'link', 'data', 'dataset.arrow')],
  ])('refuses a folder that holds the stage input: %s', (_, input) => {
    const out = join(root, 'out');
    mkdirSync(join(out, 'data'), { recursive: true });
    writeFileSync(join(out, 'data', 'dataset.arrow'), '');
    symlinkSync(out, join(root, 'link'));
    expect(() => claimOutputDir(out, claim([input(out)]))).toThrow(
      /it holds the stage's input .*dataset\.arrow \(choose an output folder outside/,
    );
    // A sibling folder's input is fine.
    expect(() => claimOutputDir(join(root, 'other'), claim([input(out)]))).not.toThrow();
  });
});

describe('replaceDirAtomic', () => {
  it('puts the previous folder back when the new one cannot take its place', async () => {
    const root = mkdtempSync(join(tmpdir(), 'latentlens-replace-'));
    const dir = join(root, 'export');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.md'), 'previous');
    await expect(
      replaceDirAtomic(dir, (tmp) => {
        writeFileSync(join(tmp, 'report.md'), 'new');
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
    expect(readdirSync(root)).toEqual(['export']);
    expect(readdirSync(dir)).toEqual(['report.md']);
  });
});
