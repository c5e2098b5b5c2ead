import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, exportArgs, holdsOnly, keep } from './fixtures';
import { HostileCase } from './hostileCase';

/** Output folders a stage must not write into, and what a stage may replace (issue 12, point 1). */
let kept: () => string = () => '';

/** The lock of `dir/<folder>` as a live writer (this very process, where the command runs) holds it. */
function holdLock(dir: string, folder: string, what: string): void {
  mkdirSync(join(dir, '.locks'));
  writeFileSync(
    join(dir, '.locks', `${folder}.lock`),
    JSON.stringify({ pid: process.pid, startedAt: 'now', what }),
  );
}

const REFUSED = /^latentlens \w+: refusing to write the .* into /;

export const outputCases: HostileCase[] = [
  {
    kind: 'output folder',
    name: 'export into a folder holding a note',
    async setup(dir) {
      const paths = await artifacts(dir);
      mkdirSync(join(dir, 'v'));
      kept = keep(join(dir, 'v', 'notes.txt'));
      return exportArgs(paths, join(dir, 'v'));
    },
    code: 2,
    message:
      /^latentlens export: refusing to write the export into .*\/v: it holds 1 file the export did not write \(notes\.txt\)/,
    left: (dir) => `${kept()}; ${holdsOnly(join(dir, 'v'), ['notes.txt'])}`,
  },
  {
    kind: 'output folder',
    name: 'export into the folder holding its own inputs',
    async setup(dir) {
      const paths = await artifacts(dir);
      kept = keep(paths.datasetPath, readFileSync(paths.datasetPath, 'latin1'));
      return exportArgs(paths, dir);
    },
    code: 2,
    message: /: it holds the stage's input .*dataset\.arrow \(choose an output folder outside/,
    left: () => `${kept()}; inputs untouched`,
  },
  {
    kind: 'output folder',
    name: 'export into a regular file',
    async setup(dir) {
      const paths = await artifacts(dir);
      kept = keep(join(dir, 'report.txt'));
      return exportArgs(paths, join(dir, 'report.txt'));
    },
    code: 2,
    message: /: it is not a folder \(give the path of a new or empty folder/,
    left: () => kept(),
  },
  {
    kind: 'output folder',
    name: 'export into a link to a folder of mine',
    async setup(dir) {
      const paths = await artifacts(dir);
      mkdirSync(join(dir, 'mine'));
      kept = keep(join(dir, 'mine', 'thesis.tex'));
      symlinkSync(join(dir, 'mine'), join(dir, 'link'));
      return exportArgs(paths, join(dir, 'link'));
    },
    code: 2,
    message: /: it is not a folder/,
    left: (dir) => `${kept()}; ${holdsOnly(join(dir, 'mine'), ['thesis.tex'])}`,
  },
  {
    kind: 'output folder',
    name: 'export again into its own export, with a note added inside viewer/',
    async setup(dir) {
      const paths = await artifacts(dir);
      const { main } = await import('../../main');
      if ((await main(exportArgs(paths, join(dir, 'x')), () => undefined)) !== 0)
        throw new Error('the first export failed');
      kept = keep(join(dir, 'x', 'viewer', 'todo.md'));
      return exportArgs(paths, join(dir, 'x'));
    },
    code: 2,
    message: /did not write \(viewer\/todo\.md\)/,
    left: () => kept(),
  },
  {
    kind: 'output folder',
    name: 'export again into its own export, left moved aside by a kill (allowed)',
    async setup(dir) {
      const paths = await artifacts(dir);
      const { main } = await import('../../main');
      if ((await main(exportArgs(paths, join(dir, 'x')), () => undefined)) !== 0)
        throw new Error('the first export failed');
      // As a run killed mid-swap leaves it: the previous export moved aside, none in place.
      renameSync(join(dir, 'x'), join(dir, 'x.tmp-999999-0a0b0c0d-old'));
      return exportArgs(paths, join(dir, 'x'));
    },
    code: 0,
    message: /^$/,
    left: (dir) =>
      `${holdsOnly(dir, ['data', 'encode', 'neighbors', 'reduce', 'train', 'x'])}; the aside export put back, then replaced`,
  },
  {
    kind: 'output folder',
    name: 'reduce into a folder holding a note',
    async setup(dir) {
      const paths = await artifacts(dir);
      mkdirSync(join(dir, 'r'));
      kept = keep(join(dir, 'r', 'notes.txt'));
      return [
        'reduce',
        '--embeddings',
        paths.embeddingsPath,
        '--method',
        'pca',
        '--out',
        join(dir, 'r'),
      ];
    },
    code: 2,
    message: REFUSED,
    left: (dir) => `${kept()}; ${holdsOnly(join(dir, 'r'), ['notes.txt'])}`,
  },
  {
    kind: 'output folder',
    name: 'reduce into the folder of its input',
    async setup(dir) {
      const paths = await artifacts(dir);
      return [
        'reduce',
        '--embeddings',
        paths.embeddingsPath,
        '--method',
        'pca',
        '--out',
        join(dir, 'encode'),
      ];
    },
    code: 2,
    message: /it holds the stage's input .*embeddings\.arrow/,
    left: (dir) =>
      holdsOnly(join(dir, 'encode'), ['embeddings.arrow', 'reconstructions.arrow', 'run.json']),
  },
  {
    kind: 'output folder',
    name: 'neighbors into a regular file',
    async setup(dir) {
      const paths = await artifacts(dir);
      kept = keep(join(dir, 'n'));
      return ['neighbors', '--embeddings', paths.embeddingsPath, '--out', join(dir, 'n')];
    },
    code: 2,
    message: /: it is not a folder/,
    left: () => kept(),
  },
  {
    kind: 'output folder',
    name: 'data into my home-like folder',
    setup(dir) {
      mkdirSync(join(dir, 'home', 'Documents'), { recursive: true });
      kept = keep(join(dir, 'home', 'Documents', 'cv.pdf'));
      return ['data', '--source', 'bundled', '--sample', '20', '--out', join(dir, 'home')];
    },
    code: 2,
    message: /did not write \(Documents\/cv\.pdf\)/,
    left: (dir) => `${kept()}; ${holdsOnly(join(dir, 'home'), ['Documents'])}`,
  },
  {
    kind: 'output folder',
    name: 'train into a folder holding its dataset',
    async setup(dir) {
      const paths = await artifacts(dir);
      return ['train', '--dataset', paths.datasetPath, '--epochs', '1', '--out', join(dir, 'data')];
    },
    code: 2,
    message: /it holds the stage's input .*dataset\.arrow/,
    left: (dir) => holdsOnly(join(dir, 'data'), ['dataset.arrow']),
  },
  {
    kind: 'concurrent writers',
    name: 'reduce while another run holds the folder',
    async setup(dir) {
      const paths = await artifacts(dir);
      holdLock(dir, 'r', 'latentlens train');
      return [
        'reduce',
        '--embeddings',
        paths.embeddingsPath,
        '--method',
        'pca',
        '--out',
        join(dir, 'r'),
      ];
    },
    code: 1,
    message:
      /^latentlens reduce: .*\/r is being written by latentlens train \(PID \d+, since now\); wait for it/,
    left: (dir) => holdsOnly(join(dir, '.locks'), ['r.lock']),
  },
  {
    kind: 'concurrent writers',
    name: 'export while a pipeline stage holds the folder',
    async setup(dir) {
      const paths = await artifacts(dir);
      holdLock(dir, 'x', 'stage export of pipeline p');
      return exportArgs(paths, join(dir, 'x'));
    },
    code: 1,
    message: /is being written by stage export of pipeline p \(PID/,
    left: (dir) => holdsOnly(join(dir, '.locks'), ['x.lock']),
  },
];
