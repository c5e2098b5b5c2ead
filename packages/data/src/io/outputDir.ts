import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RefusedInput } from './refusedInput';

/**
 * What a stage may find in its output folder and replace: the files it writes there itself.
 * `owns` is asked for every file already in the folder, as a path relative to it with `/`.
 */
export interface OutputClaim {
  /** The stage, for messages: "export", "train". */
  stage: string;
  owns(file: string): boolean;
  /** The files the stage reads: none of them may lie inside its output folder. */
  inputs: readonly string[];
}

/** Files every stage folder may hold besides its own: the run record and locks' leftovers. */
const ANY_STAGE = /^(run\.json|.*\.tmp-\d+-[0-9a-f]{8}(-old)?(\/.*)?)$/;

/** `owns` for a stage whose files are fixed names (a name ending in `/` owns a folder's files). */
export function ownsNames(names: readonly string[]): (file: string) => boolean {
  return (file) =>
    names.some((name) => (name.endsWith('/') ? file.startsWith(name) : file === name));
}

/**
 * Refuses, before anything is written, an output folder a stage must not write into: a path
 * that is not a folder, a folder holding the stage's own inputs, or one holding files the stage
 * did not write (a user's notes, another tool's output). This is how a stage knows it replaces
 * only what it wrote before. A folder that does not exist yet, or is empty, is always fine.
 */
export function claimOutputDir(dir: string, claim: OutputClaim): void {
  const refuse = (why: string, fix: string) => {
    throw new RefusedInput(`refusing to write the ${claim.stage} into ${dir}: ${why} (${fix})`);
  };
  let kind: 'missing' | 'folder' | 'other';
  try {
    kind = lstatSync(dir).isDirectory() ? 'folder' : 'other';
  } catch {
    kind = 'missing';
  }
  if (kind === 'other')
    refuse('it is not a folder', 'give the path of a new or empty folder for the output');
  const home = realOrResolved(dir);
  for (const input of claim.inputs) {
    if (within(home, realOrResolved(input)))
      refuse(
        `it holds the stage's input ${input}`,
        'choose an output folder outside the folders of the inputs',
      );
  }
  if (kind === 'missing') return;
  const foreign = filesUnder(dir).filter((f) => !ANY_STAGE.test(f) && !claim.owns(f));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
    refuse(
      `it holds ${foreign.length} file${foreign.length > 1 ? 's' : ''} the ${claim.stage} did not write (${shown})`,
      'give a new or empty folder, or move those files away',
    );
  }
}

/** Every entry under `dir` that is not a folder (links included, not followed), relative, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) {
        // A leftover temporary folder counts as one entry, whatever it holds.
        if (ANY_STAGE.test(rel)) out.push(rel);
        else walk(join(folder, entry.name), rel + '/');
      } else out.push(rel);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** The real path of `path`, or of its nearest existing parent with the rest appended. */
function realOrResolved(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute
      ? absolute
      : join(realOrResolved(parent), relative(parent, absolute));
  }
}

/** Whether `path` is `folder` itself or lies inside it. */
function within(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}
