import { Mulberry32, shuffledIndices } from './prng';

describe('Mulberry32', () => {
  test('continues the same stream from a stored state', () => {
    const a = new Mulberry32(42);
    for (let i = 0; i < 5; i++) a.next();
    const b = new Mulberry32(a.state);
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(
      Array.from({ length: 5 }, () => a.next()),
    );
  });

  test('draws floats in [0, 1) that depend on the seed', () => {
    const xs = Array.from(
      { length: 1000 },
      (
        (r) => () =>
          r.next()
      )(new Mulberry32(7)),
    );
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((a, b) => a + b) / xs.length - 0.5)).toBeLessThan(0.05);
    expect(new Mulberry32(8).next()).not.toBe(xs[0]);
  });

  test('shuffledIndices is a permutation', () => {
    const order = shuffledIndices(new Mulberry32(1), 100);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(Array.from(order)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
