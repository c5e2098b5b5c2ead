import { PNG } from 'pngjs';
import { spriteImage, MAX_SPRITE_SIDE } from './spriteImage';

function decode(png: Uint8Array) {
  const image = PNG.sync.read(Buffer.from(png));
  const grey = (x: number, y: number) => image.data[(y * image.width + x) * 4];
  return { image, grey };
}

/** Distinct, non-uniform pixels: image i, pixel (r, c). */
function syntheticImages(n: number, rows: number, cols: number): Uint8Array {
  const pixels = new Uint8Array(n * rows * cols);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < rows * cols; p++) pixels[i * rows * cols + p] = (i * 37 + p * 11 + 5) % 256;
  }
  return pixels;
}

describe('spriteImage', () => {
  it('places image i at column i % perRow, row floor(i / perRow), pixel for pixel', () => {
    const n = 7;
    const rows = 3;
    const cols = 5; // not square, so a swapped width/height would show
    const pixels = syntheticImages(n, rows, cols);
    const sprite = spriteImage(pixels, n, rows, cols);
    expect(sprite).toMatchObject({ perRow: 3, cellRows: 3, cellCols: 5, scaled: false });

    const { image, grey } = decode(sprite.png);
    expect(image.colorType).toBe(0);
    expect(image.alpha).toBe(false);
    expect([image.width, image.height]).toEqual([3 * cols, 3 * rows]);
    for (let i = 0; i < n; i++) {
      const x0 = (i % 3) * cols;
      const y0 = Math.floor(i / 3) * rows;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          expect(grey(x0 + c, y0 + r)).toBe(pixels[i * rows * cols + r * cols + c]);
        }
      }
    }
  });

  it('keeps the grid square (the projector derives rows from the height) and pads with 0', () => {
    const sprite = spriteImage(syntheticImages(5, 2, 2), 5, 2, 2);
    const { image, grey } = decode(sprite.png);
    // 5 images need only 2 rows of 3, but the atlas must have 3 rows of cells.
    expect([image.width, image.height]).toEqual([6, 6]);
    for (let y = 4; y < 6; y++) for (let x = 0; x < 6; x++) expect(grey(x, y)).toBe(0);
    for (let y = 2; y < 4; y++) for (let x = 4; x < 6; x++) expect(grey(x, y)).toBe(0);
  });

  it('inverts grey levels, padding included, when asked', () => {
    const pixels = syntheticImages(2, 2, 2);
    const { grey } = decode(spriteImage(pixels, 2, 2, 2, { invert: true }).png);
    expect(grey(0, 0)).toBe(255 - pixels[0]);
    expect(grey(3, 1)).toBe(255 - pixels[4 + 3]);
    expect(grey(0, 3)).toBe(255); // padding cell
  });

  it('shrinks the thumbnails to fit maxSide and reports the cell size', () => {
    // 10 images → 4 per row; 4 × 4 px = 16 > maxSide 8, so cells become 2×2.
    const n = 10;
    const pixels = new Uint8Array(n * 16);
    for (let i = 0; i < n; i++) {
      // Left half 200, right half 40: each 2×2 block is uniform, so averages are exact.
      for (let p = 0; p < 16; p++) pixels[i * 16 + p] = p % 4 < 2 ? 200 : 40;
    }
    const sprite = spriteImage(pixels, n, 4, 4, { maxSide: 8 });
    expect(sprite).toMatchObject({ perRow: 4, cellRows: 2, cellCols: 2, scaled: true });
    const { image, grey } = decode(sprite.png);
    expect([image.width, image.height]).toEqual([8, 8]);
    const last = { x: (9 % 4) * 2, y: Math.floor(9 / 4) * 2 };
    expect([grey(last.x, last.y), grey(last.x + 1, last.y + 1)]).toEqual([200, 40]);
  });

  it('keeps the aspect ratio when shrinking non-square thumbnails', () => {
    const sprite = spriteImage(syntheticImages(4, 28, 14), 4, 28, 14, { maxSide: 20 });
    // limit per cell is 10 px: 28×14 → 10×5.
    expect(sprite).toMatchObject({ perRow: 2, cellRows: 10, cellCols: 5, scaled: true });
    const { image } = decode(sprite.png);
    expect([image.width, image.height]).toEqual([10, 20]);
  });

  it('fits 90,000 MNIST-sized thumbnails under the projector limit by shrinking them', () => {
    // 300 per row × 28 px = 8400 > 8192: the same arithmetic at a tenth of the size.
    expect(MAX_SPRITE_SIDE).toBe(8192);
    const sprite = spriteImage(syntheticImages(900, 28, 28), 900, 28, 28, { maxSide: 819 });
    expect(sprite).toMatchObject({ perRow: 30, cellRows: 27, cellCols: 27, scaled: true });
    expect(decode(sprite.png).image.width).toBeLessThanOrEqual(819);
  });

  it('rejects inconsistent sizes and impossible limits', () => {
    expect(() => spriteImage(new Uint8Array(10), 3, 2, 2)).toThrow(RangeError);
    expect(() => spriteImage(new Uint8Array(0), 0, 2, 2)).toThrow(RangeError);
    expect(() => spriteImage(new Uint8Array(100 * 4), 100, 2, 2, { maxSide: 9 })).toThrow(
      /at least 10 px/,
    );
  });

  it('writes colour images as an RGB PNG, each channel where it was, and shrinks them to fit', () => {
    const n = 5;
    const [rows, cols] = [4, 6];
    // RGB interleaved, as dataset.arrow holds it: channel k of pixel p of image i.
    const value = (i: number, p: number, k: number) => (i * 50 + p * 7 + k * 80) % 256;
    const pixels = Uint8Array.from({ length: n * rows * cols * 3 }, (_, j) =>
      value(Math.floor(j / (rows * cols * 3)), Math.floor(j / 3) % (rows * cols), j % 3),
    );
    const sprite = spriteImage(pixels, n, rows, cols, { channels: 3 });
    expect(sprite).toMatchObject({ perRow: 3, cellRows: rows, cellCols: cols, scaled: false });
    const image = PNG.sync.read(Buffer.from(sprite.png));
    expect(image.colorType).toBe(2);
    expect(image.alpha).toBe(false);
    for (let i = 0; i < n; i++) {
      const [x0, y0] = [(i % 3) * cols, Math.floor(i / 3) * rows];
      for (let p = 0; p < rows * cols; p++) {
        const at = ((y0 + Math.floor(p / cols)) * image.width + x0 + (p % cols)) * 4;
        expect([...image.data.subarray(at, at + 3)]).toEqual([0, 1, 2].map((k) => value(i, p, k)));
      }
    }
    // A solid colour stays that colour when shrunk (each channel averaged on its own).
    const solid = new Uint8Array(4 * 20 * 20 * 3);
    for (let j = 0; j < solid.length; j += 3) solid.set([200, 40, 90], j);
    const small = spriteImage(solid, 4, 20, 20, { channels: 3, maxSide: 16 });
    expect(small).toMatchObject({ perRow: 2, cellRows: 8, cellCols: 8, scaled: true });
    const shrunk = PNG.sync.read(Buffer.from(small.png));
    expect([...shrunk.data.subarray(0, 3)]).toEqual([200, 40, 90]);
    expect(() => spriteImage(new Uint8Array(8), 1, 2, 2, { channels: 2 })).toThrow(/1 or 3/);
  });
});
