import { PNG } from 'pngjs';
import type { TopLevelSpec } from 'vega-lite';
import { loadFigureFonts } from './fonts';
import { PNG_SCALE, renderFigure } from './render';
import { FIGURE_CONFIG } from './theme';

const title = 'A title long enough to show whether widths are measured right';
const spec: TopLevelSpec = {
  name: 'probe',
  config: FIGURE_CONFIG,
  width: 100,
  height: 60,
  title: { text: title },
  data: { values: [] },
  mark: 'point',
  encoding: {
    x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] } },
    y: { field: 'y', type: 'quantitative', scale: { domain: [0, 1] } },
  },
};

describe('renderFigure', () => {
  const fonts = loadFigureFonts();

  it('draws text with the figure font into the PNG, at twice the SVG size', async () => {
    const { svg, png } = await renderFigure(spec, fonts);
    const image = PNG.sync.read(Buffer.from(await png));
    const width = Number(svg.match(/<svg[^>]* width="(\d+)"/)?.[1]);
    expect(image.width).toBe(width * PNG_SCALE);
    // The title row (top 40 px of the PNG) holds dark pixels: the glyphs were drawn.
    let dark = 0;
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < image.width; x++) if (image.data[(y * image.width + x) * 4] < 100) dark++;
    expect(dark).toBeGreaterThan(300);
  });

  it('lays out text with real widths, so a long title leaves no wide empty margin', async () => {
    const { svg } = await renderFigure(spec, fonts);
    const width = Number(svg.match(/<svg[^>]* width="(\d+)"/)?.[1]);
    const measured = fonts.bold(title) * 16; // FIGURE_CONFIG's title size
    expect(width).toBeLessThan(measured + 60);
    expect(width).toBeGreaterThan(measured);
  });

  it('draws given elements into an empty mark, and refuses a mark that is not there', async () => {
    const dot = {
      mark: 'probe_marks',
      attributes: 'fill-opacity="0.5"',
      elements: '<circle cx="50" cy="30" r="3" fill="#ff0000"/>',
    };
    const { svg } = await renderFigure(spec, fonts, dot);
    expect(svg).toMatch(
      /<g class="role-mark probe_marks"[^>]* fill-opacity="0.5"><circle cx="50" cy="30" r="3" fill="#ff0000"\/><\/g>/,
    );
    await expect(renderFigure(spec, fonts, { ...dot, mark: 'other_marks' })).rejects.toThrow(
      /no empty mark "other_marks"/,
    );
  });
});
