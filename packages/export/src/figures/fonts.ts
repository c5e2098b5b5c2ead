import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdvanceWidth, advanceWidths } from './fontMetrics';

/** The one typeface of every figure: free, metric-stable, and packaged by every Linux distribution. */
export const FIGURE_FONT_FAMILY = 'DejaVu Sans';

const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

/** Where distributions install DejaVu: Debian/Ubuntu, Fedora, Arch, Alpine, Homebrew-style local. */
const FONT_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/ttf-dejavu',
  '/usr/local/share/fonts',
];

/**
 * The font files the figures are drawn with. They are loaded explicitly (never the system's
 * fonts) so that a PNG looks the same on every machine. Without them resvg would silently draw
 * figures with no text at all, so their absence is an error that says how to fix it.
 */
function figureFontFiles(env: NodeJS.ProcessEnv): string[] {
  const dirs = env.LATENTLENS_FONT_DIR ? [env.LATENTLENS_FONT_DIR] : FONT_DIRS;
  for (const dir of dirs) {
    const files = FONT_FILES.map((name) => join(dir, name));
    if (files.every((file) => existsSync(file))) return files;
  }
  throw new Error(
    `figures need the ${FIGURE_FONT_FAMILY} fonts (${FONT_FILES.join(', ')}), looked in ${dirs.join(', ')}: ` +
      'install them (Debian/Ubuntu: apt-get install -y fonts-dejavu-core), or set LATENTLENS_FONT_DIR to a folder ' +
      'holding them, or turn figures off (export.figures: false)',
  );
}

export interface FigureFonts {
  /** Regular and bold, for resvg. */
  files: string[];
  /** Text widths in em, for Vega's layout. */
  regular: AdvanceWidth;
  bold: AdvanceWidth;
}

export function loadFigureFonts(env: NodeJS.ProcessEnv = process.env): FigureFonts {
  const files = figureFontFiles(env);
  const [regular, bold] = files.map((file) => advanceWidths(readFileSync(file)));
  return { files, regular, bold };
}
