/** An idx array (the MNIST file format): unsigned bytes with a shape. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

const ELEMENT_TYPES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
};

/**
 * Parses an uncompressed idx file. Every check names what is wrong, so the caller can prefix the
 * file name and stop: magic, element type (only unsigned bytes, as MNIST uses), dimensions, and
 * the data length against the header's sizes.
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) throw new Error(`too short for an idx header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const hex = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(
      `wrong magic number ${hex} (an idx file starts with 00 00; is it still gzipped or another format?)`,
    );
  }
  const type = bytes[2];
  if (type !== 0x08) {
    const name = ELEMENT_TYPES[type];
    throw new Error(
      name
        ? `element type ${name} (0x${type.toString(16)}) is not supported; images and labels must be unsigned bytes`
        : `unknown element type 0x${type.toString(16)}`,
    );
  }
  const ndims = bytes[3];
  if (ndims < 1 || ndims > 4) throw new Error(`unexpected dimension count ${ndims} (1 to 4)`);
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) {
    throw new Error(`header says ${ndims} dimensions but the file ends after ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const expected = shape.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerSize;
  if (actual !== expected) {
    throw new Error(
      `header shape [${shape.join(', ')}] needs ${expected} data bytes but the file has ${actual}` +
        (actual < expected ? ' (truncated download?)' : ''),
    );
  }
  return { shape, data: bytes.subarray(headerSize) };
}

/** Encodes unsigned bytes as an idx file; the inverse of `parseIdx`. */
export function encodeIdx(array: IdxArray): Uint8Array {
  const headerSize = 4 + 4 * array.shape.length;
  const out = new Uint8Array(headerSize + array.data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = array.shape.length;
  array.shape.forEach((size, i) => view.setUint32(4 + 4 * i, size, false));
  out.set(array.data, headerSize);
  return out;
}

/** Checks that an idx array holds images (count × rows × cols) and returns their geometry. */
export function checkImages(images: IdxArray): { count: number; rows: number; cols: number } {
  if (images.shape.length !== 3) {
    throw new Error(`images must have 3 dimensions (count, rows, cols), found ${images.shape.length}`);
  }
  const [count, rows, cols] = images.shape;
  if (rows === 0 || cols === 0) throw new Error(`images of ${rows}×${cols} pixels hold nothing`);
  return { count, rows, cols };
}

/** Checks that an idx array holds one label per item and returns the label count. */
export function checkLabels(labels: IdxArray): number {
  if (labels.shape.length !== 1) {
    throw new Error(`labels must have 1 dimension, found ${labels.shape.length}`);
  }
  return labels.shape[0];
}

/** Checks an images/labels pair and returns the image geometry. */
export function checkImagesAndLabels(
  images: IdxArray,
  labels: IdxArray,
): { count: number; rows: number; cols: number } {
  const geometry = checkImages(images);
  const labelCount = checkLabels(labels);
  if (labelCount !== geometry.count) {
    throw new Error(`${geometry.count} images but ${labelCount} labels; the two files must match`);
  }
  return geometry;
}
