import { areaDownsampler } from './areaDownsample';

describe('areaDownsampler', () => {
  it('averages whole blocks when the factor is an integer', () => {
    // 4×4 → 2×2: each output is the mean of a 2×2 block.
    const image = [
      0, 4, 100, 100,
      8, 12, 100, 200,
      255, 255, 1, 2,
      255, 255, 3, 4,
    ];
    const out = new Uint8Array(4);
    areaDownsampler(4, 4, 2, 2)(image, out);
    expect(Array.from(out)).toEqual([6, 125, 255, 3]);
  });

  it('weights partly covered pixels by the covered fraction', () => {
    // 1×3 → 1×2: output 0 covers [0, 1.5), output 1 covers [1.5, 3).
    const out = new Uint8Array(2);
    areaDownsampler(1, 3, 1, 2)([30, 90, 150], out);
    expect(Array.from(out)).toEqual([Math.round((30 + 0.5 * 90) / 1.5), Math.round((0.5 * 90 + 150) / 1.5)]);
  });

  it('keeps a constant image constant and preserves the mean of any image', () => {
    const constant = new Array(28 * 28).fill(77);
    const out = new Uint8Array(9 * 9);
    areaDownsampler(28, 28, 9, 9)(constant, out);
    expect(new Set(out)).toEqual(new Set([77]));

    const ramp = Array.from({ length: 28 * 28 }, (_, i) => i % 256);
    areaDownsampler(28, 28, 9, 9)(ramp, out);
    const meanIn = ramp.reduce((a, b) => a + b, 0) / ramp.length;
    const meanOut = out.reduce((a, b) => a + b, 0) / out.length;
    expect(Math.abs(meanIn - meanOut)).toBeLessThan(1);
  });

  it('rejects growing an image', () => {
    expect(() => areaDownsampler(4, 4, 5, 4)).toThrow(RangeError);
  });
});
