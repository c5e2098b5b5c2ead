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

export interface IdxHeader {
  shape: number[];
  /** Bytes before the data: 4 + 4 per dimension. */
  headerSize: number;
}

/**
 * The header of an idx file from its first bytes, or undefined while `prefix` is too short to
 * hold it all. Throws, naming what is wrong, on a bad magic number, an element type other than
 * unsigned bytes (all MNIST uses) or an unlikely dimension count.
 */
export function readIdxHeader(prefix: Uint8Array): IdxHeader | undefined {
  if (prefix.length < 4) return undefined;
  if (prefix[0] !== 0 || prefix[1] !== 0) {
    const hex = [...prefix.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(
      `wrong magic number ${hex} (an idx file starts with 00 00; is it still gzipped or another format?)`,
    );
  }
  const type = prefix[2];
  if (type !== 0x08) {
    const name = ELEMENT_TYPES[type];
    throw new Error(
      name
        ? `element type ${name} (0x${type.toString(16)}) is not supported; images and labels must be unsigned bytes`
        : `unknown element type 0x${type.toString(16)}`,
    );
  }
  const ndims = prefix[3];
  if (ndims < 1 || ndims > 4) throw new Error(`unexpected dimension count ${ndims} (1 to 4)`);
  const headerSize = 4 + 4 * ndims;
  if (prefix.length < headerSize) return undefined;
  const view = new DataView(prefix.buffer, prefix.byteOffset, headerSize);
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  return { shape, headerSize };
}

/** The header of a whole idx file; a file too short to hold one is an error. */
function wholeHeader(bytes: Uint8Array): IdxHeader {
  const header = readIdxHeader(bytes);
  if (header) return header;
  if (bytes.length < 4) throw new Error(`too short for an idx header (${bytes.length} bytes)`);
  throw new Error(
    `header says ${bytes[3]} dimensions but the file ends after ${bytes.length} bytes`,
  );
}

export function idxDataSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Throws, saying how many bytes are missing or extra, unless `actual` is the data size of `shape`. */
export function checkIdxDataSize(shape: number[], actual: number): void {
  const expected = idxDataSize(shape);
  if (actual !== expected) {
    throw new Error(
      `header shape [${shape.join(', ')}] needs ${expected} data bytes but the file has ${actual}` +
        (actual < expected ? ' (truncated download?)' : ''),
    );
  }
}

/**
 * Parses an uncompressed idx file. Every check names what is wrong, so the caller can prefix the
 * file name and stop: magic, element type, dimensions, and the data length against the header's
 * sizes.
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  const { shape, headerSize } = wholeHeader(bytes);
  checkIdxDataSize(shape, bytes.length - headerSize);
  return { shape, data: bytes.subarray(headerSize) };
}

/**
 * Parses an idx file that arrives in chunks (as a decompressor produces it) and copies its data
 * straight into storage the caller picks once the header is known, so a large file is never held
 * twice. Checks as `parseIdx` does.
 */
export class IdxChunkParser {
  private prefix: Uint8Array = new Uint8Array(0);
  private header?: IdxHeader;
  private target: Uint8Array = new Uint8Array(0);
  private received = 0;

  /** `place` gets the shape and returns where the data goes (room for `idxDataSize(shape)` bytes). */
  constructor(private readonly place: (shape: number[]) => Uint8Array) {}

  push(chunk: Uint8Array): void {
    if (!this.header) {
      const joined = new Uint8Array(this.prefix.length + chunk.length);
      joined.set(this.prefix);
      joined.set(chunk, this.prefix.length);
      const header = readIdxHeader(joined);
      if (!header) {
        this.prefix = joined;
        return;
      }
      this.header = header;
      this.prefix = new Uint8Array(0);
      const size = idxDataSize(header.shape);
      const target = this.place(header.shape);
      if (target.length < size)
        throw new Error(`room for ${target.length} bytes given, ${size} needed`);
      this.target = target.subarray(0, size);
      chunk = joined.subarray(header.headerSize);
    }
    // Data beyond the header's size is counted, not stored: `end` reports it.
    const room = this.target.length - this.received;
    if (room > 0)
      this.target.set(room >= chunk.length ? chunk : chunk.subarray(0, room), this.received);
    this.received += chunk.length;
  }

  end(): IdxArray {
    const { shape } = this.header ?? wholeHeader(this.prefix);
    checkIdxDataSize(shape, this.received);
    return { shape, data: this.target };
  }
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

/** The geometry of an idx shape that holds images (count × rows × cols); throws otherwise. */
export function imageGeometry(shape: number[]): { count: number; rows: number; cols: number } {
  if (shape.length !== 3) {
    throw new Error(`images must have 3 dimensions (count, rows, cols), found ${shape.length}`);
  }
  const [count, rows, cols] = shape;
  if (rows === 0 || cols === 0) throw new Error(`images of ${rows}×${cols} pixels hold nothing`);
  return { count, rows, cols };
}

/** The number of labels of an idx shape that holds one label per item; throws otherwise. */
export function labelCount(shape: number[]): number {
  if (shape.length !== 1) throw new Error(`labels must have 1 dimension, found ${shape.length}`);
  return shape[0];
}

/** Checks an images/labels pair and returns the image geometry. */
export function checkImagesAndLabels(
  images: IdxArray,
  labels: IdxArray,
): { count: number; rows: number; cols: number } {
  const geometry = imageGeometry(images.shape);
  const count = labelCount(labels.shape);
  if (count !== geometry.count) {
    throw new Error(`${geometry.count} images but ${count} labels; the two files must match`);
  }
  return geometry;
}
