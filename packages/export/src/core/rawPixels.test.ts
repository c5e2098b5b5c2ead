import { float32Bytes } from './float32Bytes';
import { rawPixelsBytes, rawPixelsTsv } from './rawPixels';
import { tensorsTsv } from './tensorsTsv';

describe('raw pixels', () => {
  // Every grey level, in a scrambled order.
  const pixels = Uint8Array.from({ length: 3 * 256 }, (_, i) => (i * 7) % 256);
  const scaled = Float32Array.from(pixels, (v) => v / 255);

  it('writes the TSV tensorsTsv writes for grey level / 255', () => {
    expect(rawPixelsTsv(pixels, 3, 256)).toBe(tensorsTsv(scaled, 3, 256));
    expect(rawPixelsTsv(Uint8Array.from([0, 255, 51, 1]), 2, 2)).toBe('0\t1\n0.2\t0.003921569\n');
  });

  it('writes the float32 bytes of grey level / 255', () => {
    expect(Buffer.from(rawPixelsBytes(pixels))).toEqual(Buffer.from(float32Bytes(scaled)));
  });

  it('rejects inconsistent sizes', () => {
    expect(() => rawPixelsTsv(pixels, 2, 256)).toThrow(RangeError);
  });
});
