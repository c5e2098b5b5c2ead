import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFigureFonts } from './fonts';

describe('loadFigureFonts', () => {
  it('finds DejaVu Sans regular and bold', () => {
    const fonts = loadFigureFonts();
    expect(fonts.files.map((f) => f.split('/').pop())).toEqual([
      'DejaVuSans.ttf',
      'DejaVuSans-Bold.ttf',
    ]);
  });

  it('says how to install the fonts when they are missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'latentlens-fonts-'));
    try {
      expect(() => loadFigureFonts({ LATENTLENS_FONT_DIR: empty })).toThrow(
        /apt-get install -y fonts-dejavu-core.*export\.figures: false/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
