import {
  acceptsValue,
  anyOf,
  bool,
  describeRule,
  int,
  list,
  matching,
  num,
  oneOf,
  orAuto,
} from './schema';

describe('acceptsValue, the one predicate of what a rule of one value accepts', () => {
  test('numbers: finite, whole where asked, within the bounds (an exclusive minimum excluded)', () => {
    const rate = num({ min: 0, exclusiveMin: true, max: 10 });
    expect([0.001, 10].map((v) => acceptsValue(rate, v))).toEqual([true, true]);
    expect([0, 10.5, Infinity, NaN, '1'].map((v) => acceptsValue(rate, v))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(acceptsValue(int(2, 200), 2)).toBe(true);
    expect(acceptsValue(int(2, 200), 2.5)).toBe(false);
  });

  test('strings, enums, booleans and unions', () => {
    expect(acceptsValue(oneOf('pca', 'random'), 'pca')).toBe(true);
    expect(acceptsValue(oneOf('pca', 'random'), 'spectral')).toBe(false);
    expect(acceptsValue(matching(/^[a-z]+$/, 'lower-case letters'), 'Abc')).toBe(false);
    expect(acceptsValue(bool, false)).toBe(true);
    expect(acceptsValue(bool, 'false')).toBe(false);
    const workers = anyOf('"auto" or 1 to 4', oneOf('auto'), int(1, 4));
    expect([acceptsValue(workers, 'auto'), acceptsValue(workers, 3)]).toEqual([true, true]);
    expect([acceptsValue(workers, 5), acceptsValue(workers, 'many')]).toEqual([false, false]);
  });

  test("refuses what is not one value: lists and mappings are the validator's to walk", () => {
    expect(acceptsValue(list(int()), [1, 2])).toBe(false);
  });

  test('orAuto says both choices in words', () => {
    const rule = orAuto(num({ min: 0, exclusiveMin: true }));
    expect(describeRule(rule)).toBe('"auto" or a number greater than 0');
    expect(acceptsValue(rule, 'auto')).toBe(true);
    expect(acceptsValue(rule, 0)).toBe(false);
  });
});
