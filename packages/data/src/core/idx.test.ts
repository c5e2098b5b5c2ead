import { IdxChunkParser, checkImagesAndLabels, encodeIdx, idxDataSize, parseIdx } from './idx';

const images = { shape: [3, 2, 4], data: Uint8Array.from({ length: 24 }, (_, i) => i * 10) };
const labels = { shape: [3], data: Uint8Array.from([7, 0, 9]) };

function withHeader(bytes: number[], data: number[] = []): Uint8Array {
  return Uint8Array.from([...bytes, ...data]);
}

describe('parseIdx', () => {
  it('reads back what encodeIdx wrote', () => {
    const parsed = parseIdx(encodeIdx(images));
    expect(parsed.shape).toEqual([3, 2, 4]);
    expect(Buffer.from(parsed.data)).toEqual(Buffer.from(images.data));
    expect(encodeIdx(images).subarray(0, 8)).toEqual(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 3]));
  });

  it.each([
    ['a file shorter than the magic', withHeader([0, 0]), 'too short for an idx header (2 bytes)'],
    [
      'gzip bytes',
      withHeader([0x1f, 0x8b, 8, 0, 1, 2]),
      'wrong magic number 1f 8b 08 00 (an idx file starts with 00 00; is it still gzipped or another format?)',
    ],
    [
      'float elements',
      withHeader([0, 0, 0x0d, 1, 0, 0, 0, 1], [0, 0, 0, 0]),
      'element type float (0xd) is not supported; images and labels must be unsigned bytes',
    ],
    [
      'an unknown element type',
      withHeader([0, 0, 0x42, 1, 0, 0, 0, 1], [0]),
      'unknown element type 0x42',
    ],
    ['zero dimensions', withHeader([0, 0, 8, 0]), 'unexpected dimension count 0 (1 to 4)'],
    [
      'a cut header',
      withHeader([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]),
      'header says 3 dimensions but the file ends after 10 bytes',
    ],
    [
      'missing data',
      withHeader([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3], [1, 2, 3, 4, 5]),
      'header shape [2, 3] needs 6 data bytes but the file has 5 (truncated download?)',
    ],
    [
      'extra data',
      withHeader([0, 0, 8, 1, 0, 0, 0, 2], [1, 2, 3]),
      'header shape [2] needs 2 data bytes but the file has 3',
    ],
  ])('rejects %s in one line', (_what, bytes, message) => {
    expect(() => parseIdx(bytes)).toThrow(message);
    expect(message).not.toContain('\n');
  });
});

/** Feeds `bytes` to a chunk parser in pieces of `size` bytes. */
function parseInChunks(bytes: Uint8Array, size: number) {
  const places: number[][] = [];
  const parser = new IdxChunkParser((shape) => {
    places.push(shape);
    return new Uint8Array(idxDataSize(shape));
  });
  for (let at = 0; at < bytes.length; at += size) parser.push(bytes.subarray(at, at + size));
  return { array: parser.end(), places };
}

describe('IdxChunkParser', () => {
  it.each([1, 3, 17, 1000])('reads %i-byte chunks like parseIdx reads the whole file', (size) => {
    const { array, places } = parseInChunks(encodeIdx(images), size);
    expect(places).toEqual([[3, 2, 4]]);
    expect(array.shape).toEqual([3, 2, 4]);
    expect(Buffer.from(array.data)).toEqual(Buffer.from(images.data));
  });

  it('writes the data where `place` says', () => {
    const storage = new Uint8Array(30).fill(255);
    const parser = new IdxChunkParser(() => storage.subarray(3, 27));
    parser.push(encodeIdx(images));
    parser.end();
    expect([...storage.subarray(0, 4)]).toEqual([255, 255, 255, 0]);
    expect([...storage.subarray(26)]).toEqual([230, 255, 255, 255]);
  });

  it.each([
    [
      'a missing tail',
      encodeIdx(images).subarray(0, 30),
      'header shape [3, 2, 4] needs 24 data bytes but the file has 14 (truncated download?)',
    ],
    [
      'extra bytes',
      Uint8Array.from([...encodeIdx(labels), 1, 2]),
      'header shape [3] needs 3 data bytes but the file has 5',
    ],
    [
      'a cut header',
      encodeIdx(images).subarray(0, 9),
      'header says 3 dimensions but the file ends after 9 bytes',
    ],
    ['nothing at all', new Uint8Array(0), 'too short for an idx header (0 bytes)'],
    [
      'a wrong magic number',
      Uint8Array.from([0x1f, 0x8b, 8, 0, 0]),
      'wrong magic number 1f 8b 08 00',
    ],
  ])('rejects %s with the message parseIdx gives', (_what, bytes, message) => {
    expect(() => parseInChunks(bytes, 4)).toThrow(message);
    expect(() => parseIdx(bytes)).toThrow(message);
  });
});

describe('checkImagesAndLabels', () => {
  it('returns the geometry of a matching pair', () => {
    expect(checkImagesAndLabels(images, labels)).toEqual({ count: 3, rows: 2, cols: 4 });
  });

  it('rejects shapes that are not images and labels, and counts that disagree', () => {
    expect(() => checkImagesAndLabels(labels, labels)).toThrow(
      'images must have 3 dimensions (count, rows, cols), found 1',
    );
    expect(() => checkImagesAndLabels(images, images)).toThrow(
      'labels must have 1 dimension, found 3',
    );
    expect(() =>
      checkImagesAndLabels({ shape: [3, 0, 4], data: new Uint8Array() }, labels),
    ).toThrow('images of 0×4 pixels hold nothing');
    expect(() => checkImagesAndLabels(images, { shape: [2], data: new Uint8Array(2) })).toThrow(
      '3 images but 2 labels; the two files must match',
    );
  });
});
