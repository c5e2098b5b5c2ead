import { TABLEAU10, classColors } from '../core/classColors';
import { loadFigureFonts } from './fonts';
import { pointStyle, projectionScatter } from './projectionScatter';
import { renderFigure } from './render';

function circles(svg: string) {
  return [
    ...svg.matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)" fill="(#[0-9a-f]{6})"\/>/g),
  ].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    fill: m[4],
  }));
}

describe('projectionScatter', () => {
  // Two classes on a diagonal: class 0 at the low end, class 2 (no class 1) at the high end.
  const n = 40;
  const labels = Uint8Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 2));
  const coords = Float32Array.from({ length: n * 3 }, (_, k) =>
    k % 3 === 2 ? 99 : Math.floor(k / 3),
  );
  const input = {
    title: 'PCA',
    subtitle: ['s'],
    axisTitles: ['PC 1', 'PC 2'] as [string, string],
    coords,
    dims: 3,
    labels,
    classNames: ['zero', 'one', 'two'],
  };

  it('draws every point once, coloured like its class in the legend, inside the plot', async () => {
    const { spec, points } = projectionScatter(input);
    const { svg } = await renderFigure(spec, loadFigureFonts(), points);
    const drawn = circles(svg);
    expect(drawn).toHaveLength(n);
    // Each class has its own colour by label (the viewer's too): class 2 is red, absent class 1 or not.
    const [blue, , red] = TABLEAU10;
    // Legend entries follow the classes present, in label order: zero, two.
    expect(svg.indexOf('>zero<')).toBeLessThan(svg.indexOf('>two<'));
    expect(svg).not.toContain('>one<');
    for (const point of drawn) {
      expect(point.x).toBeGreaterThanOrEqual(0);
      expect(point.x).toBeLessThanOrEqual(560);
      expect(point.y).toBeGreaterThanOrEqual(0);
      expect(point.y).toBeLessThanOrEqual(560);
      // Class 0 sits at the low end (left, bottom), class 2 at the high end.
      expect(point.fill).toBe(point.x < 280 ? blue : red);
    }
    expect(drawn.filter((p) => p.x < 280 && p.y < 280)).toEqual([]); // y grows downwards
  });

  it('keeps the axes at the same scale and the draw order seeded, not by class', () => {
    const { spec, points } = projectionScatter(input);
    const { encoding } = spec as unknown as {
      encoding: { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } };
    };
    const span = (d: number[]) => d[1] - d[0];
    expect(span(encoding.x.scale.domain)).toBeCloseTo(span(encoding.y.scale.domain), 10);
    const fills = circles(points.elements).map((p) => p.fill);
    expect(fills.slice(0, n / 2).some((f, i) => f !== fills[i + n / 2])).toBe(true);
    expect(projectionScatter(input).points.elements).toBe(points.elements);
  });

  it('gives 22 classes 22 colours, in the points and the legend alike', async () => {
    const labels22 = Uint8Array.from({ length: 44 }, (_, i) => i % 22);
    const classNames = Array.from({ length: 22 }, (_, c) => `class ${c}`);
    const { spec, points } = projectionScatter({
      ...input,
      labels: labels22,
      classNames,
      coords: Float32Array.from({ length: 44 * 2 }, (_, k) => k),
      dims: 2,
    });
    const fills = new Map(circles(points.elements).map((p, i) => [p.fill, i]));
    expect(fills.size).toBe(22);
    expect([...fills.keys()].sort()).toEqual([...classColors(22)].sort());
    // The frame alone (no points): its legend symbols, in class order, have the same colours.
    const { svg } = await renderFigure(spec, loadFigureFonts());
    const symbols = [...svg.matchAll(/fill="(#[0-9a-f]{6})"/gi)]
      .map((m) => m[1].toLowerCase())
      .filter((c) => fills.has(c));
    expect(symbols).toEqual(classColors(22));
    expect(symbols[20]).not.toBe(symbols[0]);
  });

  it('shrinks and fades points as they multiply', () => {
    const few = pointStyle(2000);
    const many = pointStyle(70000);
    expect(many.size).toBeLessThan(few.size);
    expect(many.opacity).toBeLessThan(few.opacity);
    expect(many.size).toBeGreaterThanOrEqual(1.5);
  });

  it('rejects coordinates that do not match the labels', () => {
    expect(() => projectionScatter({ ...input, coords: new Float32Array(5) })).toThrow(RangeError);
  });
});
