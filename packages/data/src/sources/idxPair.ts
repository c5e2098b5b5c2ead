import { gunzipSync } from 'node:zlib';
import { Dataset } from '../contracts/dataset';
import { checkImagesAndLabels, parseIdx } from '../core/idx';

/** Reads idx bytes, gunzipping when they start with the gzip magic; errors name the file. */
export function decodeIdxFile(name: string, bytes: Uint8Array) {
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (error) {
      throw new Error(`${name}: corrupt gzip data (${(error as Error).message}); delete it and fetch it again`);
    }
  }
  try {
    return parseIdx(raw);
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
}

export interface IdxFiles {
  trainImages: { name: string; bytes: Uint8Array };
  trainLabels: { name: string; bytes: Uint8Array };
  testImages: { name: string; bytes: Uint8Array };
  testLabels: { name: string; bytes: Uint8Array };
}

/** Train then test rows of two image/label idx pairs, ids numbered in that order. */
export function datasetFromIdx(
  files: IdxFiles,
  meta: { classNames: string[]; source: string },
): Dataset {
  const parts = (['train', 'test'] as const).map((split) => {
    const imgs = split === 'train' ? files.trainImages : files.testImages;
    const lbls = split === 'train' ? files.trainLabels : files.testLabels;
    const images = decodeIdxFile(imgs.name, imgs.bytes);
    const labels = decodeIdxFile(lbls.name, lbls.bytes);
    let geometry;
    try {
      geometry = checkImagesAndLabels(images, labels);
    } catch (error) {
      throw new Error(`${imgs.name} / ${lbls.name}: ${(error as Error).message}`);
    }
    for (let i = 0; i < labels.data.length; i++) {
      if (labels.data[i] >= meta.classNames.length) {
        throw new Error(
          `${lbls.name}: label ${labels.data[i]} at row ${i} has no class name (${meta.classNames.length} classes)`,
        );
      }
    }
    return { images, labels, ...geometry };
  });
  const [train, test] = parts;
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new Error(
      `train images are ${train.rows}×${train.cols} but test images are ${test.rows}×${test.cols}`,
    );
  }
  const n = train.count + test.count;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  const splits = new Uint8Array(n);
  splits.fill(1, train.count);
  const labels = new Uint8Array(n);
  labels.set(train.labels.data, 0);
  labels.set(test.labels.data, train.count);
  const pixels = new Uint8Array(n * train.rows * train.cols);
  pixels.set(train.images.data, 0);
  pixels.set(test.images.data, train.images.data.length);
  return { ids, splits, labels, pixels, rows: train.rows, cols: train.cols, ...meta };
}
