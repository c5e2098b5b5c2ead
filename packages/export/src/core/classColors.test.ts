import { lab } from 'd3-color';
import * as vega from 'vega';
import { TABLEAU10, classColors } from './classColors';

/** The smallest CIELAB distance (ΔE*76) between two of the colours. */
function nearestPair(colors: string[]): number {
  const labs = colors.map((c) => lab(c));
  let min = Infinity;
  for (let i = 0; i < labs.length; i++)
    for (let j = 0; j < i; j++)
      min = Math.min(
        min,
        Math.hypot(labs[i].l - labs[j].l, labs[i].a - labs[j].a, labs[i].b - labs[j].b),
      );
  return min;
}

describe('classColors', () => {
  it('is Vega’s Tableau 10 for up to ten classes', () => {
    expect(TABLEAU10).toEqual(vega.scheme('tableau10'));
    expect(classColors(3)).toEqual(TABLEAU10.slice(0, 3));
    expect(classColors(10)).toEqual(TABLEAU10);
  });

  it('repeats no colour past twenty classes, and keeps each class’s colour for any count', () => {
    const colors = classColors(22);
    for (const c of colors) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(colors).size).toBe(22);
    expect(colors[20]).not.toBe(colors[0]);
    expect(classColors(12)).toEqual(colors.slice(0, 12));
    expect(classColors(60).slice(0, 22)).toEqual(colors);
    expect(new Set(classColors(60)).size).toBe(60);
  });

  it('keeps the added colours apart and inside the lightness band that shows on white and black', () => {
    const colors = classColors(22);
    // Tableau 10's own nearest pair (its pink and its grey) stays the nearest.
    expect(nearestPair(TABLEAU10)).toBeCloseTo(27.7, 1);
    expect(nearestPair(colors)).toBeCloseTo(nearestPair(TABLEAU10), 6);
    expect(nearestPair(classColors(50))).toBeGreaterThan(15);
    for (const c of colors.slice(10)) {
      const { l, a, b } = lab(c);
      expect(l).toBeGreaterThanOrEqual(40);
      expect(l).toBeLessThanOrEqual(78);
      expect(Math.hypot(a, b)).toBeGreaterThanOrEqual(15);
      expect(Math.hypot(a, b)).toBeLessThanOrEqual(65);
    }
    // Same palette on every run (a fixed candidate order and tie-break): the eleventh is a violet.
    expect(colors[10]).toBe('#7b63d6');
  });
});
