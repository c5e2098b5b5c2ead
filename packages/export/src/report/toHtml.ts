import { type Block, pngSize } from './document';

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Escaped text with `backtick` spans as <code>. */
function inline(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; max-width: 1000px; margin: 2em auto; padding: 0 1.5em; line-height: 1.5; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
h3 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; background: #f5f5f5; }
code { padding: 0 0.2em; word-break: break-all; }
pre { padding: 0.8em 1em; overflow-x: auto; }
figure { margin: 1em 0; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; }
`;

function table(block: Extract<Block, { kind: 'table' }>): string {
  const head = block.header
    ? [`<tr>${block.header.map((h) => `<th>${inline(h)}</th>`).join('')}</tr>`]
    : [];
  // A table without a header names each row in its first cell.
  const cellTag = (i: number) => (block.header === undefined && i === 0 ? 'th' : 'td');
  const rows = block.rows.map(
    (row) =>
      `<tr>${row
        .map(
          (c, i) =>
            `<${cellTag(i)}${block.align?.[i] === 'right' ? ' class="num"' : ''}>${inline(c)}</${cellTag(i)}>`,
        )
        .join('')}</tr>`,
  );
  return `<table>\n${[...head, ...rows].join('\n')}\n</table>`;
}

/**
 * The report as one self-contained HTML page: inline CSS, figures as PNG data URIs (half their
 * pixel size, so they are sharp on high-density screens), no external request of any kind.
 */
export function toHtml(title: string, blocks: Block[]): string {
  const body = blocks.map((block): string => {
    switch (block.kind) {
      case 'heading':
        return `<h${block.level}>${inline(block.text)}</h${block.level}>`;
      case 'paragraph':
        return `<p>${inline(block.text)}</p>`;
      case 'list':
        return `<ul>\n${block.items.map((item) => `<li>${inline(item)}</li>`).join('\n')}\n</ul>`;
      case 'table':
        return table(block);
      case 'code':
        return `<pre><code>${escape(block.text)}</code></pre>`;
      case 'figure': {
        const { width, height } = pngSize(block.png);
        const src = `data:image/png;base64,${Buffer.from(block.png).toString('base64')}`;
        const alt = escape(block.caption);
        const img = `<img src="${src}" width="${Math.round(width / 2)}" height="${Math.round(height / 2)}" alt="${alt}">`;
        return `<figure>${img}<figcaption>${inline(block.caption)} (<code>${escape(block.path)}</code>)</figcaption></figure>`;
      }
    }
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
