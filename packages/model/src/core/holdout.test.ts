import { shouldStopEarly } from './earlyStopping';
import { holdoutSplit } from './holdout';

describe('holdoutSplit', () => {
  test('holds out round(fraction·n) images chosen by the seed, and nothing for 0', () => {
    const a = holdoutSplit(1000, 0.1, 7);
    expect(a.validation).toHaveLength(100);
    expect(a.train).toHaveLength(900);
    expect(new Set([...a.train, ...a.validation]).size).toBe(1000);
    expect(Array.from(a.train)).toEqual([...a.train].sort((x, y) => x - y));
    expect(holdoutSplit(1000, 0.1, 7)).toEqual(a);
    expect(Array.from(holdoutSplit(1000, 0.1, 8).validation)).not.toEqual(Array.from(a.validation));
    expect(holdoutSplit(5, 0, 7)).toEqual({
      train: Int32Array.from([0, 1, 2, 3, 4]),
      validation: new Int32Array(0),
    });
    expect(holdoutSplit(3, 0.01, 7).validation).toHaveLength(1);
  });
});

describe('shouldStopEarly', () => {
  const history = (losses: number[]) =>
    losses.map((validationLoss, i) => ({ epoch: i + 1, loss: 1, validationLoss, seconds: 0 }));
  test('stops after `patience` epochs without an improvement larger than minDelta', () => {
    const rule = { patience: 2, minDelta: 0.1 };
    expect(shouldStopEarly(history([5, 4, 3.95]), rule)).toBe(false);
    expect(shouldStopEarly(history([5, 4, 3.95, 3.91]), rule)).toBe(true);
    expect(shouldStopEarly(history([5, 4, 3.95, 3.8]), rule)).toBe(false);
    expect(shouldStopEarly(history([5, 6, 7]), undefined)).toBe(false);
  });
});
