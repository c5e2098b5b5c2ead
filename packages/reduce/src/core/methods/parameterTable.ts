import { describeRule } from '@latentlens/data';
import { METHODS, methodFields } from './registry';

/**
 * Every method's settings as a Markdown table, from the registry: the reduce README holds it
 * (between `<!-- settings -->` markers, checked by parameterTable.test.ts), so the README says
 * what `reduce()`, the pipeline schema and `latentlens reduce --help` accept.
 */
export function parameterTable(): string {
  const rows = [['method', 'setting', 'values', 'default', 'meaning']];
  for (const method of METHODS) {
    Object.entries(methodFields(method)).forEach(([name, f], i) =>
      rows.push([
        i === 0 ? `\`${method.id}\` (${method.displayName})` : '',
        `\`${name}\``,
        describeRule(f.rule),
        f.default === undefined ? '' : `\`${JSON.stringify(f.default)}\``,
        f.doc ?? '',
      ]),
    );
  }
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(rows[0]), line(rows[0].map(() => '---')), ...rows.slice(1).map(line)].join('\n');
}
