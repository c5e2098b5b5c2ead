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
});
