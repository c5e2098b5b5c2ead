import type { Block } from './document';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The report as Markdown; figures are linked by their paths relative to the report. */
export function toMarkdown(blocks: Block[]): string {
  const parts = blocks.map((block): string => {
    switch (block.kind) {
      case 'heading':
        return `${'#'.repeat(block.level)} ${block.text}`;
      case 'paragraph':
        return block.text;
      case 'list':
        return block.items.map((item) => `- ${item}`).join('\n');
      case 'table': {
        // Markdown tables need a header row; a name–value table gets an empty one.
        const header = block.header ?? (block.rows[0] ?? []).map(() => '');
        const align = header.map((_, c) => (block.align?.[c] === 'right' ? '---:' : '---'));
        return [header, align, ...block.rows]
          .map((row) => `| ${row.map(cell).join(' | ')} |`)
          .join('\n');
      }
      case 'code':
        return '```sh\n' + block.text + '\n```';
      case 'figure':
        return `![${block.caption}](${block.path})`;
    }
  });
  return parts.join('\n\n') + '\n';
}
