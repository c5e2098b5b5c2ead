import { randomInt, sampleIndices, seededRandom } from './random';

/** Drawn by the generator reduce kept itself before it used @latentlens/data's (the same code). */
const FIRST_DRAWS_OF_42 = [0.6011037519201636, 0.44829055899754167, 0.8524657934904099];

describe('seededRandom', () => {
  it('draws mulberry32 from seed 42 as it always has (t-SNE and UMAP starts depend on it)', () => {
    const random = seededRandom(42);
    expect(Array.from({ length: 3 }, random)).toEqual(FIRST_DRAWS_OF_42);
  });

  it('repeats its sequence for the same seed and differs for another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const sa = Array.from({ length: 20 }, a);
    const sb = Array.from({ length: 20 }, b);
    const sc = Array.from({ length: 20 }, c);
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('is uniform on [0, 1)', () => {
    const random = seededRandom(7);
    const bins = new Array<number>(10).fill(0);
    const draws = 100_000;
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const x = random();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
      bins[Math.floor(x * 10)]++;
    }
    expect(outside).toBe(0);
    expect(sum / draws).toBeCloseTo(0.5, 2);
    for (const count of bins) expect(Math.abs(count - draws / 10)).toBeLessThan(500);
  });
});

describe('randomInt', () => {
  it('stays within its bound and reaches both ends', () => {
    const random = seededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = randomInt(random, 5);
      expect(Number.isInteger(v) && v >= 0 && v < 5).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(5);
  });
});

describe('sampleIndices', () => {
  it('draws distinct indices in range', () => {
    const picked = sampleIndices(seededRandom(3), 100, 30);
    expect(picked.length).toBe(30);
    expect(new Set(picked).size).toBe(30);
    for (const i of picked) expect(i >= 0 && i < 100).toBe(true);
  });

  it('returns every index when asked for more than exist', () => {
    const picked = Array.from(sampleIndices(seededRandom(3), 10, 50)).sort((a, b) => a - b);
    expect(picked).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
