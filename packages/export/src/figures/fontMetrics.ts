/**
 * Advance widths from a TrueType font file, so that Vega lays out titles and legends with the
 * widths resvg will draw, not its fixed guess of 0.8 em per character (which leaves a wide
 * empty margin right of every long title). Reads the tables `head` (units per em), `hhea` and
 * `hmtx` (advances) and a format-4 `cmap` (Unicode BMP → glyph); kerning is ignored.
 */
export type AdvanceWidth = (text: string) => number;

function tableOffsets(font: DataView): Map<string, number> {
  const tables = new Map<string, number>();
  const count = font.getUint16(4);
  for (let t = 0; t < count; t++) {
    const record = 12 + 16 * t;
    const tag = String.fromCharCode(...[0, 1, 2, 3].map((k) => font.getUint8(record + k)));
    tables.set(tag, font.getUint32(record + 8));
  }
  return tables;
}

/** The format-4 subtable of a Unicode cmap, as a character → glyph function. */
function glyphLookup(font: DataView, cmap: number): (code: number) => number {
  const count = font.getUint16(cmap + 2);
  let subtable = -1;
  for (let r = 0; r < count; r++) {
    const record = cmap + 4 + 8 * r;
    const platform = font.getUint16(record);
    const encoding = font.getUint16(record + 2);
    const offset = cmap + font.getUint32(record + 4);
    const unicode = platform === 0 || (platform === 3 && encoding === 1);
    if (unicode && font.getUint16(offset) === 4) subtable = offset;
  }
  if (subtable < 0) throw new Error('the font has no Unicode cmap of format 4');
  const segments = font.getUint16(subtable + 6) / 2;
  const ends = subtable + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (code) => {
    for (let s = 0; s < segments; s++) {
      if (font.getUint16(ends + 2 * s) < code) continue;
      const start = font.getUint16(starts + 2 * s);
      if (start > code) return 0;
      const delta = font.getUint16(deltas + 2 * s);
      const rangeOffset = font.getUint16(rangeOffsets + 2 * s);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = font.getUint16(rangeOffsets + 2 * s + rangeOffset + 2 * (code - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** Width of a text in em, from the bytes of a .ttf file. */
export function advanceWidths(ttf: Uint8Array): AdvanceWidth {
  const font = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const tables = tableOffsets(font);
  const need = (tag: string) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`the font has no "${tag}" table`);
    return offset;
  };
  const unitsPerEm = font.getUint16(need('head') + 18);
  const metrics = font.getUint16(need('hhea') + 34);
  const hmtx = need('hmtx');
  const glyphOf = glyphLookup(font, need('cmap'));
  const cache = new Map<number, number>();
  const advance = (code: number): number => {
    let width = cache.get(code);
    if (width === undefined) {
      const glyph = Math.min(glyphOf(code), metrics - 1);
      width = font.getUint16(hmtx + 4 * glyph) / unitsPerEm;
      cache.set(code, width);
    }
    return width;
  };
  return (text) => {
    let width = 0;
    for (const char of text) width += advance(char.codePointAt(0) ?? 0);
    return width;
  };
}
