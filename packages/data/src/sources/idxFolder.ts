import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputRecord } from '../contracts/metadata';
import { sha256Hex } from '../io/atomic';
import { IdxFiles, datasetFromIdx } from './idxPair';
import { LoadedSource } from './types';

const STEMS = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** User-supplied idx files: explicit paths, or a folder holding the usual four names (.gz or raw). */
export function loadIdx(options: {
  dir?: string;
  files?: Partial<Record<keyof typeof STEMS, string>>;
  classNames?: string[];
}): LoadedSource {
  const files = {} as IdxFiles;
  const inputs: InputRecord[] = [];
  for (const role of Object.keys(STEMS) as (keyof typeof STEMS)[]) {
    let path = options.files?.[role];
    if (!path) {
      if (!options.dir) throw new Error(`idx source: give "dir" or "files.${role}"`);
      const stem = join(options.dir, STEMS[role]);
      path = [`${stem}.gz`, stem].find((p) => existsSync(p));
      if (!path) throw new Error(`${stem}(.gz): not found (the idx source needs the four MNIST file names)`);
    }
    const bytes = readFileSync(path);
    files[role] = { name: path, bytes };
    inputs.push({ path, sha256: sha256Hex(bytes) });
  }
  const classNames = options.classNames ?? ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return { dataset: datasetFromIdx(files, { classNames, source: 'idx' }), inputs };
}
