import type { Config } from 'vega-lite';
import { FIGURE_FONT_FAMILY } from './fonts';

/**
 * The look shared by every figure. Browsers without DejaVu Sans fall back to another sans-serif
 * face; the PNGs always use DejaVu (see fonts.ts).
 */
export const FIGURE_CONFIG: Config = {
  font: `${FIGURE_FONT_FAMILY}, Verdana, sans-serif`,
  background: 'white',
  padding: 12,
  aria: false,
  view: { stroke: '#c8c8c8' },
  title: {
    fontSize: 16,
    fontWeight: 'bold',
    subtitleFontSize: 12,
    subtitleColor: '#444',
    anchor: 'start',
    offset: 12,
    subtitlePadding: 5,
  },
  axis: {
    labelFontSize: 11,
    labelColor: '#555',
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titleColor: '#333',
    domainColor: '#999',
    tickColor: '#999',
    gridColor: '#ececec',
  },
  legend: {
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'bold',
    symbolSize: 110,
    rowPadding: 5,
  },
};
