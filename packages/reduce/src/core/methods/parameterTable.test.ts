import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterTable } from './parameterTable';
import { METHODS, methodFields } from './registry';

const README = join(__dirname, '..', '..', '..', 'README.md');
const START = '<!-- settings: generated from the method registry -->';
const END = '<!-- /settings -->';

/** A Markdown table's cells, row by row, trimmed; the separator row left out. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .filter((line) => !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

describe("the README's table of method settings", () => {
  it('has a row for every registered setting', () => {
    const table = parameterTable();
    for (const method of METHODS)
      for (const name of Object.keys(methodFields(method)))
        expect(table).toContain(`| \`${name}\` |`);
    const settings = METHODS.reduce((sum, m) => sum + Object.keys(methodFields(m)).length, 0);
    expect(table.split('\n')).toHaveLength(settings + 2);
  });

  it('is the one in the README (UPDATE_README=1 rewrites it)', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const table = parameterTable();
    if (process.env.UPDATE_README === '1')
      writeFileSync(
        README,
        `${readme.slice(0, start)}${START}\n\n${table}\n\n${readme.slice(end)}`,
      );
    // Compared cell by cell, so that Prettier may align the columns.
    else expect(cells(readme.slice(start + START.length, end))).toEqual(cells(table));
  });
});
