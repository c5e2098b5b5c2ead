import { batchPart, productTile } from './replica';

const parts = (count: number, workers: number) =>
  Array.from({ length: workers }, (_, w) => batchPart(count, w, workers));

test('a batch of 50 on two threads is 24 + 26 images; one thread takes the whole batch', () => {
  expect(parts(50, 2)).toEqual([
    { offset: 0, size: 24 },
    { offset: 24, size: 26 },
  ]);
  expect(parts(50, 1)).toEqual([{ offset: 0, size: 50 }]);
  expect(parts(256, 2).map((p) => p.size)).toEqual([128, 128]);
});

test.each([1, 2, 3, 5, 10, 40, 50, 99, 100, 256])(
  'the parts of a batch of %i cover it in order, all but the last a multiple of the tile',
  (count) => {
    for (const workers of [1, 2, 3, 4]) {
      const split = parts(count, workers);
      let next = 0;
      for (const [w, { offset, size }] of split.entries()) {
        expect(offset).toBe(next);
        expect(size).toBeGreaterThanOrEqual(0);
        if (w < workers - 1) expect(size % productTile).toBe(0);
        next += size;
      }
      expect(next).toBe(count);
      // No more tiles of columns than the batch needs when every part is a multiple of the tile
      // but the last.
      const tiles = split.reduce((s, p) => s + Math.ceil(p.size / productTile), 0);
      expect(tiles).toBe(Math.ceil(count / productTile));
    }
  },
);
