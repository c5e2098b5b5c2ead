import { percentiles, quantile, rampColors } from './palette';

describe('palette', () => {
  it('ramps from the first stop to the last', () => {
    const ramp = rampColors(64);
    expect(ramp).toHaveLength(64);
    expect([ramp[0], ramp[63]]).toEqual(['#3b2f7a', '#fde68a']);
    expect(new Set(ramp).size).toBe(64);
  });

  it('turns values into percentiles, ties sharing a rank', () => {
    expect(Array.from(percentiles(new Float32Array([30, 10, 20, 10, 50])))).toEqual([
      0.75, 0, 0.5, 0, 1,
    ]);
    expect(Array.from(percentiles(new Float32Array([4])))).toEqual([0]);
  });

  it('reads quantiles by nearest rank', () => {
    const values = new Float32Array([5, 1, 4, 2, 3]);
    expect([quantile(values, 0), quantile(values, 0.5), quantile(values, 1)]).toEqual([1, 3, 5]);
  });
});
