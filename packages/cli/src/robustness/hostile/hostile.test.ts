import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli } from '../../test-helpers/runCli';
import { HostileCase } from './hostileCase';
import { limitCases } from './limits.cases';
import { nameCases } from './names.cases';
import { outputCases } from './outputs.cases';
import { stageCases } from './stages.cases';
import { validatorCases } from './validator.cases';

/**
 * Every hostile or careless input of the cases files, each run through the real `latentlens` in
 * a fresh folder (its working directory): the exit code, the first line of standard error and
 * what is left on disk are checked. `HOSTILE_TABLE=<file>` writes them as a Markdown table.
 */
const CASES: HostileCase[] = [
  ...outputCases,
  ...nameCases,
  ...validatorCases,
  ...limitCases,
  ...stageCases,
];

const rows: string[] = [];

describe('hostile and careless input', () => {
  const home = process.cwd();
  afterAll(() => {
    process.chdir(home);
    const table = process.env.HOSTILE_TABLE;
    if (table)
      writeFileSync(
        table,
        [
          '| case | exit | first line of the message | left on disk |',
          '|---|---|---|---|',
          ...rows,
        ].join('\n') + '\n',
      );
  });

  it.each(CASES.map((c) => [`${c.kind}: ${c.name}`, c] as const))(
    '%s',
    async (title, c) => {
      const dir = mkdtempSync(join(tmpdir(), 'latentlens-hostile-'));
      process.chdir(dir);
      try {
        const argv = await c.setup(dir);
        const run = await runCli(argv);
        const first = run.err[0] ?? '';
        expect({ code: run.code, first }).toEqual({
          code: c.code,
          first: expect.stringMatching(c.message),
        });
        const left = c.left(dir);
        const cell = (s: string) =>
          s.replaceAll('|', '\\|').replaceAll(dir, '…').replaceAll(basename(dir), 'the folder');
        rows.push(`| ${cell(title)} | ${run.code} | ${cell(first)} | ${cell(left)} |`);
      } finally {
        process.chdir(home);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
