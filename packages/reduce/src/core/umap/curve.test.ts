import { findABParams } from 'umap-js/dist/umap';
import { fitCurve } from './curve';

describe('fitCurve', () => {
  test.each([
    [1, 0.1],
    [1, 0],
    [1, 0.5],
    [1, 1],
    [2, 0.3],
    [0.5, 0.01],
    [10, 1],
  ])("gives umap-js's a and b to 1e-6 for spread %p, minDist %p", (spread, minDist) => {
    const ours = fitCurve(spread, minDist);
    const theirs = findABParams(spread, minDist);
    expect(Math.abs(ours.a - theirs.a)).toBeLessThan(1e-6);
    expect(Math.abs(ours.b - theirs.b)).toBeLessThan(1e-6);
  });

  test("is umap-learn's curve for its defaults", () => {
    // umap-learn's find_ab_params(1, 0.1) by scipy's curve_fit: a = 1.577, b = 0.895.
    const { a, b } = fitCurve(1, 0.1);
    expect(a).toBeCloseTo(1.58, 1);
    expect(b).toBeCloseTo(0.9, 1);
  });
});
