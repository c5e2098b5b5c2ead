import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../core/idx';
import { seededRandom } from '../core/random';
import { FILE_ROLES, FileRole } from '../sources/catalog';
import { STEMS } from '../sources/idxFolder';

/** A small image set with known bytes: what the idx files written from it must decode to. */
export interface ImageSet {
  rows: number;
  cols: number;
  train: { images: Uint8Array; labels: Uint8Array };
  test: { images: Uint8Array; labels: Uint8Array };
}

function split(count: number, size: number, classes: number, random: () => number) {
  const images = new Uint8Array(count * size);
  for (let i = 0; i < images.length; i++) images[i] = Math.floor(random() * 256);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % classes;
  return { images, labels };
}

/** Seeded random pixels, labels cycling through `classes`. */
export function makeImageSet(opts: {
  train: number;
  test: number;
  rows?: number;
  cols?: number;
  classes?: number;
  seed?: number;
}): ImageSet {
  const rows = opts.rows ?? 28;
  const cols = opts.cols ?? 28;
  const random = seededRandom(opts.seed ?? 1);
  return {
    rows,
    cols,
    train: split(opts.train, rows * cols, opts.classes ?? 10, random),
    test: split(opts.test, rows * cols, opts.classes ?? 10, random),
  };
}

/** The four idx files of a set, under their usual names, gzipped (`.gz`) or raw. */
export function idxFilesOf(
  set: ImageSet,
  gzip = true,
): Record<FileRole, { name: string; bytes: Uint8Array }> {
  const arrays: Record<FileRole, { shape: number[]; data: Uint8Array }> = {
    trainImages: { shape: [set.train.labels.length, set.rows, set.cols], data: set.train.images },
    trainLabels: { shape: [set.train.labels.length], data: set.train.labels },
    testImages: { shape: [set.test.labels.length, set.rows, set.cols], data: set.test.images },
    testLabels: { shape: [set.test.labels.length], data: set.test.labels },
  };
  const out = {} as Record<FileRole, { name: string; bytes: Uint8Array }>;
  for (const role of FILE_ROLES) {
    const raw = encodeIdx(arrays[role]);
    out[role] = gzip
      ? { name: `${STEMS[role]}.gz`, bytes: gzipSync(raw) }
      : { name: STEMS[role], bytes: raw };
  }
  return out;
}

/** Writes the four files of a set into `dir`; returns their paths by role. */
export function writeIdxFolder(dir: string, set: ImageSet, gzip = true): Record<FileRole, string> {
  mkdirSync(dir, { recursive: true });
  const files = idxFilesOf(set, gzip);
  const paths = {} as Record<FileRole, string>;
  for (const role of FILE_ROLES) {
    paths[role] = join(dir, files[role].name);
    writeFileSync(paths[role], files[role].bytes);
  }
  return paths;
}

/** Train rows then test rows, as the data stage orders them. */
export function concatenated(set: ImageSet): { pixels: Uint8Array; labels: Uint8Array } {
  return {
    pixels: Buffer.concat([set.train.images, set.test.images]),
    labels: Buffer.concat([set.train.labels, set.test.labels]),
  };
}
