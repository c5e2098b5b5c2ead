import { readFileSync } from 'node:fs';
import { loadFigureFonts } from './fonts';
import { advanceWidths } from './fontMetrics';

describe('advanceWidths', () => {
  const fonts = loadFigureFonts();
  const regular = advanceWidths(readFileSync(fonts.files[0]));

  it('reads DejaVu Sans advances: tabular digits of 1303/2048 em, a space of 651/2048 em', () => {
    expect(regular('0123456789')).toBeCloseTo((10 * 1303) / 2048, 10);
    expect(regular(' ')).toBeCloseTo(651 / 2048, 10);
    expect(regular('')).toBe(0);
  });

  it('gives narrow letters less room than wide ones, and bold more than regular', () => {
    expect(regular('i')).toBeLessThan(regular('m') / 2);
    expect(fonts.bold('Training loss')).toBeGreaterThan(fonts.regular('Training loss'));
    // Vega's own guess is 0.8 em per character; real text is much narrower.
    const text = 'perplexity 25 · learning rate auto · iterations 1000';
    expect(regular(text)).toBeLessThan(0.6 * text.length);
    expect(regular(text)).toBeGreaterThan(0.4 * text.length);
  });

  it('falls back to the missing-glyph width for characters the font lacks', () => {
    expect(regular('\u{1F600}')).toBe(regular('\uFFFF'));
  });
});
