import { Frame, fitImage, fitScale, greyOf } from './fitImage';

const WHITE = [255, 255, 255] as const;
const frame = (height: number, width: number, channels: 1 | 3, fit: Frame['fit']): Frame => ({
  height,
  width,
  channels,
  fit,
});
const fitted = (
  data: number[],
  width: number,
  height: number,
  channels: number,
  f: Frame,
  background: readonly [number, number, number] = WHITE,
) => {
  const out = new Uint8Array(f.height * f.width * f.channels);
  fitImage({ data: Uint8Array.from(data), width, height, channels }, f, background, out);
  return [...out];
};

describe('fitImage', () => {
  it('copies an image of the frame size unchanged', () => {
    const rgb = [1, 2, 3, 40, 50, 60, 70, 80, 90, 200, 210, 220];
    expect(fitted(rgb, 2, 2, 3, frame(2, 2, 3, 'contain'))).toEqual(rgb);
  });

  it('averages whole pixels, and cut pixels by the fraction each side covers', () => {
    // 2×2 → 1×1: the mean (rounded).
    expect(fitted([0, 10, 20, 31], 2, 2, 1, frame(1, 1, 1, 'contain'))).toEqual([15]);
    // 3×3 → 2×2: each output pixel covers 1.5 × 1.5 source pixels. The top-left one takes
    // pixel (0,0) whole (weight 1), (1,0) and (0,1) half, (1,1) a quarter, over an area of 2.25.
    const grey = [0, 90, 180, 90, 180, 255, 180, 255, 255];
    const [tl] = fitted(grey, 3, 3, 1, frame(2, 2, 1, 'contain'));
    expect(tl).toBe(Math.round((0 + 0.5 * 90 + 0.5 * 90 + 0.25 * 180) / 2.25));
  });

  it('lays colours over the background by their alpha, and pads to contain', () => {
    // A 2×1 RGBA image: one opaque red pixel, one transparent "green" (its colour must not show).
    const rgba = [255, 0, 0, 255, 0, 255, 0, 0];
    expect(fitted(rgba, 2, 1, 4, frame(1, 1, 3, 'contain'))).toEqual([255, 128, 128]);
    // Half-transparent black over white.
    expect(fitted([0, 0, 0, 128], 1, 1, 4, frame(1, 1, 3, 'contain'))).toEqual([127, 127, 127]);
    // A 4×2 black image in a 2×2 frame: one black row, then one of background (the odd row of
    // padding goes below).
    expect(fitted(Array(8).fill(0), 4, 2, 1, frame(2, 2, 1, 'contain'), [9, 9, 9])).toEqual([
      0, 0, 9, 9,
    ]);
  });

  it('crops to the centre to cover', () => {
    // 4×2 → 2×2 cover keeps the middle two columns.
    const grey = [10, 20, 30, 40, 50, 60, 70, 80];
    expect(fitted(grey, 4, 2, 1, frame(2, 2, 1, 'cover'))).toEqual([20, 30, 60, 70]);
    // 3×1 → 1×1 cover: the middle pixel only.
    expect(fitted([0, 100, 200], 3, 1, 1, frame(1, 1, 1, 'cover'))).toEqual([100]);
  });

  it('makes grey by luminance after averaging, and colour from grey', () => {
    expect(greyOf(255, 255, 255)).toBe(255);
    expect(greyOf(0, 0, 0)).toBe(0);
    // sRGB red has luminance 0.2126, which sRGB encodes as 127.
    expect(greyOf(255, 0, 0)).toBe(127);
    expect(fitted([255, 0, 0], 1, 1, 3, frame(1, 1, 1, 'contain'))).toEqual([127]);
    expect(fitted([77], 1, 1, 1, frame(1, 1, 3, 'contain'))).toEqual([77, 77, 77]);
  });

  it('shrinks only: enlarging is left to the caller', () => {
    expect(fitScale(16, 8, frame(32, 32, 1, 'contain'))).toBe(2);
    expect(fitScale(16, 8, frame(32, 32, 1, 'cover'))).toBe(4);
    expect(() => fitted([0], 1, 1, 1, frame(2, 2, 1, 'contain'))).toThrow(/shrinks only/);
  });
});
