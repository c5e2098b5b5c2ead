import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RefusedInput } from '../io/refusedInput';
import { sha256Hex } from '../io/atomic';
import { readInputFile } from '../io/readInput';
import { field, list, obj, ObjectOf, str } from '../options/schema';
import { FILE_ROLES, FileRole } from './catalog';
import { IdxFiles, datasetFromIdx } from './idxPair';
import { LoadedSource } from './types';

/** The usual MNIST file names without extension; a folder may hold them gzipped or raw. */
export const STEMS: Record<FileRole, string> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** `dir`, shared by the sources that read a folder of the user's. */
export const DIR_FIELD = field(
  str,
  undefined,
  'idx: folder holding the four idx files (.gz or raw); images: folder of one sub-folder per class',
);

/** The options of the idx source, as `data:` keys. */
export const IDX_OPTIONS = {
  dir: DIR_FIELD,
  files: field(
    obj({
      trainImages: field(str),
      trainLabels: field(str),
      testImages: field(str),
      testLabels: field(str),
    } satisfies Record<FileRole, unknown>),
    undefined,
    'idx: explicit paths, each one winning over dir',
  ),
  classNames: field(list(str, 1), undefined, 'idx: class names, index = label'),
};
export type IdxSourceOptions = ObjectOf<typeof IDX_OPTIONS>;

function locate(role: FileRole, options: IdxSourceOptions): string {
  const explicit = options.files?.[role];
  if (explicit) {
    return explicit;
  }
  const dir = options.dir;
  if (!dir)
    throw new RefusedInput(
      `idx source: give "dir" (a folder of the four idx files) or "files.${role}"`,
    );
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new RefusedInput(`${dir}: not a folder (idx source, dir)`);
  const stem = join(dir, STEMS[role]);
  const found = [`${stem}.gz`, stem].find((p) => existsSync(p));
  if (!found)
    throw new RefusedInput(
      `${stem}(.gz): not found (the idx source needs the four MNIST file names)`,
    );
  return found;
}

/** User-supplied idx files: explicit paths, or a folder holding the usual four names. */
export async function loadIdx(options: IdxSourceOptions): Promise<LoadedSource> {
  const files = {} as IdxFiles;
  const inputs = FILE_ROLES.map((role) => {
    const path = locate(role, options);
    const bytes = readInputFile(
      path,
      `an idx file (${role}, raw or .gz)`,
      `idx source, files.${role}`,
    );
    files[role] = { name: path, bytes };
    return { path, sha256: sha256Hex(bytes) };
  });
  return {
    dataset: await datasetFromIdx(files, { classNames: options.classNames, source: 'idx' }),
    inputs,
  };
}
