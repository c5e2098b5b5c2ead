import { PNG } from 'pngjs';
import { PNG_SCALE } from './render';
import { reconstructionGridSpec } from './reconstructionGrid';

type Layer = { data: { values: { x: number; y: number; url?: string; text?: string }[] } };

describe('reconstructionGridSpec', () => {
  const rows = 3;
  const cols = 2;
  const image = (seed: number) =>
    Uint8Array.from({ length: rows * cols }, (_, p) => (seed * 40 + p * 10) % 256);
  const classes = [
    { className: 'zero', originals: [image(1), image(2)], reconstructions: [image(3), image(4)] },
    { className: 'one', originals: [image(5)], reconstructions: [image(6)] },
  ];
  const spec = reconstructionGridSpec({
    title: 't',
    subtitle: [],
    rows,
    cols,
    classes,
    invert: false,
  });
  const [images, labels] = (spec as unknown as { layer: Layer[] }).layer;

  it('puts each original left of its reconstruction, one row per class, labelled by class', () => {
    expect(images.data.values).toHaveLength(6);
    const [original, reconstruction] = images.data.values;
    expect(reconstruction.y).toBe(original.y);
    expect(reconstruction.x).toBeGreaterThan(original.x);
    expect(images.data.values[4].y).toBeGreaterThan(original.y);
    expect(labels.data.values.map((l) => l.text)).toEqual(['zero', 'one']);
  });

  it('embeds every image pixel as a block of PNG pixels, grey levels unchanged', () => {
    const url = images.data.values[1].url ?? '';
    const png = PNG.sync.read(Buffer.from(url.replace('data:image/png;base64,', ''), 'base64'));
    const k = png.width / cols;
    expect(k).toBe(2 * PNG_SCALE);
    expect(png.height).toBe(rows * k);
    const expected = image(3);
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        expect(png.data[(y * png.width + x) * 4]).toBe(
          expected[Math.floor(y / k) * cols + Math.floor(x / k)],
        );
      }
    }
  });

  it('draws colour images in colour, and shows large images no larger than digits', () => {
    const side = 112; // twice the display side: shown at half size, shrunk by area averaging
    const red = new Uint8Array(side * side * 3);
    for (let j = 0; j < red.length; j += 3) red.set([220, 30, 10], j);
    const big = reconstructionGridSpec({
      title: 't',
      subtitle: [],
      rows: side,
      cols: side,
      channels: 3,
      classes: [{ className: 'red', originals: [red], reconstructions: [red] }],
      invert: false,
    }) as unknown as { layer: Layer[]; width: number };
    const url = big.layer[0].data.values[0].url ?? '';
    const png = PNG.sync.read(Buffer.from(url.replace('data:image/png;base64,', ''), 'base64'));
    expect(png.width).toBe(56 * PNG_SCALE);
    expect([...png.data.subarray(0, 3)]).toEqual([220, 30, 10]);
    expect(big.width).toBe(2 * 56 + 3);
  });
});
