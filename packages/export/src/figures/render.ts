import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FIGURE_FONT_FAMILY, FigureFonts } from './fonts';

/** A figure's SVG now, and its PNG as resvg finishes it on a worker thread. */
export interface PendingFigure {
  svg: string;
  png: Promise<Uint8Array>;
}

/** SVG elements to put into an empty mark of the spec, named `<spec name>_marks` by Vega-Lite. */
export interface MarkContent {
  mark: string;
  /** Attributes for the mark's group, e.g. fill-opacity. */
  attributes: string;
  elements: string;
}

/** PNG pixels per SVG unit: sharp on high-density screens and in print. */
export const PNG_SCALE = 2;

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

/**
 * Vega's documented hook for text measurement without a canvas (vl-convert uses it too):
 * `textMetrics.width` replaced by a function of the mark item and the text. Not in vega's types.
 */
const textMetrics = (
  vega as unknown as { textMetrics: { width: (item: TextItem, text: string) => number } }
).textMetrics;

function measureWith(fonts: FigureFonts): (item: TextItem, text: string) => number {
  return (item, text) => {
    const weight = item.fontWeight;
    const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
    return (bold ? fonts.bold : fonts.regular)(String(text ?? '')) * (item.fontSize ?? 11);
  };
}

/** Puts `content` into the empty group Vega writes for a mark without data. */
function fillMark(svg: string, content: MarkContent): string {
  const empty = new RegExp(`<g class="mark-[a-z]+ role-mark ${content.mark}"([^>]*)/>`);
  const match = svg.match(empty);
  if (!match) throw new Error(`the figure has no empty mark "${content.mark}" to draw into`);
  return svg.replace(
    empty,
    () =>
      `<g class="role-mark ${content.mark}"${match[1]} ${content.attributes}>${content.elements}</g>`,
  );
}

/**
 * Draws a Vega-Lite spec headlessly (no canvas) as SVG, and starts drawing that SVG as a PNG
 * with resvg on a worker thread, so that the caller can go on with other work meanwhile.
 */
export async function renderFigure(
  spec: TopLevelSpec,
  fonts: FigureFonts,
  content?: MarkContent,
): Promise<PendingFigure> {
  textMetrics.width = measureWith(fonts);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  if (content) svg = fillMark(svg, content);
  const png = renderAsync(svg, {
    font: {
      fontFiles: fonts.files,
      loadSystemFonts: false,
      defaultFontFamily: FIGURE_FONT_FAMILY,
      sansSerifFamily: FIGURE_FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: PNG_SCALE },
  }).then((image) => {
    const bytes = image.asPng();
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  });
  return { svg, png };
}
