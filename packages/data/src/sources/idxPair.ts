import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { Dataset } from '../contracts/dataset';
import {
  IdxArray,
  IdxChunkParser,
  checkIdxDataSize,
  idxDataSize,
  imageGeometry,
  labelCount,
} from '../core/idx';
import { FileRole } from './catalog';

/** One idx file as read: a name for messages (path or URL), its bytes, and what it must hold. */
export interface IdxFile {
  name: string;
  /** Raw idx bytes, or gzipped ones (recognised by the gzip magic). */
  bytes: Uint8Array;
  /** SHA-256 the decompressed idx bytes must have, when known. */
  contentSha256?: string;
}

export type IdxFiles = Record<FileRole, IdxFile>;

/** An error whose message already starts with the file (or files) it is about. */
class FileError extends Error {}

function about(name: string, error: unknown): FileError {
  return error instanceof FileError ? error : new FileError(`${name}: ${(error as Error).message}`);
}

const INFLATE_CHUNK = 1 << 20;

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The decompressed bytes of `bytes`, chunk by chunk; raw idx bytes come back as one chunk. */
async function* idxContent(file: IdxFile): AsyncGenerator<Uint8Array> {
  if (!isGzip(file.bytes)) {
    yield file.bytes;
    return;
  }
  // zlib inflates on the libuv thread pool while this thread copies and hashes the last chunk.
  const gunzip = createGunzip({ chunkSize: INFLATE_CHUNK });
  gunzip.end(file.bytes);
  const chunks = gunzip[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw new FileError(
          `${file.name}: corrupt gzip data (${(error as Error).message}); delete it and fetch it again`,
        );
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    gunzip.destroy();
  }
}

/**
 * Decodes one idx file (gunzipping when needed) straight into the storage `place` returns for
 * its shape, verifying the decompressed content's SHA-256 when the file says what it must be.
 * Every error is one line that starts with the file's name.
 */
async function decodeIdx(
  file: IdxFile,
  place: (shape: number[]) => Uint8Array = (shape) => new Uint8Array(idxDataSize(shape)),
): Promise<IdxArray> {
  // A corrupt header must not make us allocate gigabytes before the data runs out: a raw file's
  // size is known, and deflate expands data at most ~1032×.
  const gzipped = isGzip(file.bytes);
  const parser = new IdxChunkParser((shape) => {
    const size = idxDataSize(shape);
    if (!gzipped) checkIdxDataSize(shape, file.bytes.length - 4 - 4 * shape.length);
    else if (size > file.bytes.length * 1032) {
      throw new Error(
        `header shape [${shape.join(', ')}] needs ${size} data bytes, more than ${file.bytes.length} gzipped bytes can hold`,
      );
    }
    return place(shape);
  });
  const hash = file.contentSha256 ? createHash('sha256') : undefined;
  try {
    for await (const chunk of idxContent(file)) {
      hash?.update(chunk);
      parser.push(chunk);
    }
    if (hash) {
      const got = hash.digest('hex');
      if (got !== file.contentSha256) {
        throw new Error(`decompressed content has SHA-256 ${got}, expected ${file.contentSha256}`);
      }
    }
    return parser.end();
  } catch (error) {
    throw about(file.name, error);
  }
}

function labelsOf(file: IdxFile, labels: IdxArray): number {
  try {
    return labelCount(labels.shape);
  } catch (error) {
    throw about(file.name, error);
  }
}

/** Digit names '0', '1', … covering every label present (at least ten). */
function numberedClassNames(labels: Uint8Array): string[] {
  let max = 9;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  return Array.from({ length: max + 1 }, (_, i) => String(i));
}

/**
 * Train then test rows of two image/label idx pairs, ids numbered in that order. The labels are
 * read first, so the images of both splits can be decoded into one buffer without a second copy.
 * Class names default to the label numbers.
 */
export async function datasetFromIdx(
  files: IdxFiles,
  meta: { classNames?: string[]; source: string },
): Promise<Dataset> {
  const trainLabels = await decodeIdx(files.trainLabels);
  const testLabels = await decodeIdx(files.testLabels);
  const trainCount = labelsOf(files.trainLabels, trainLabels);
  const n = trainCount + labelsOf(files.testLabels, testLabels);
  const labels = new Uint8Array(n);
  labels.set(trainLabels.data, 0);
  labels.set(testLabels.data, trainCount);

  let pixels = new Uint8Array(0);
  let geometry: { rows: number; cols: number } | undefined;
  const imagesOf = (images: IdxFile, labelsFile: IdxFile, count: number, firstRow: number) =>
    decodeIdx(images, (shape) => {
      const { count: found, rows, cols } = imageGeometry(shape);
      if (found !== count) {
        throw new FileError(
          `${labelsFile.name}: ${count} labels but ${images.name} has ${found} images`,
        );
      }
      if (!geometry) {
        geometry = { rows, cols };
        pixels = new Uint8Array(n * rows * cols);
      } else if (geometry.rows !== rows || geometry.cols !== cols) {
        throw new Error(
          `images are ${rows}×${cols} but ${files.trainImages.name} has ${geometry.rows}×${geometry.cols}`,
        );
      }
      return pixels.subarray(firstRow * rows * cols, (firstRow + count) * rows * cols);
    });
  await imagesOf(files.trainImages, files.trainLabels, trainCount, 0);
  await imagesOf(files.testImages, files.testLabels, n - trainCount, trainCount);

  const classNames = meta.classNames ?? numberedClassNames(labels);
  for (let i = 0; i < n; i++) {
    if (labels[i] >= classNames.length) {
      const [file, row] =
        i < trainCount ? [files.trainLabels, i] : [files.testLabels, i - trainCount];
      throw new FileError(
        `${file.name}: label ${labels[i]} at row ${row} has no class name (${classNames.length} classes)`,
      );
    }
  }
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  const splits = new Uint8Array(n);
  splits.fill(1, trainCount);
  const { rows, cols } = geometry!;
  return { ids, splits, labels, pixels, rows, cols, classNames, source: meta.source };
}
