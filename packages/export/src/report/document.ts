/**
 * The report as a list of blocks, written once and rendered twice (Markdown and HTML), so that
 * both say the same thing. Texts are plain; `backticks` mark code in any of them.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  /** Without a header, a table of name–value rows. */
  | { kind: 'table'; header?: string[]; rows: string[][]; align?: ('left' | 'right')[] }
  | { kind: 'code'; text: string }
  | { kind: 'figure'; caption: string; path: string; png: Uint8Array };

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
