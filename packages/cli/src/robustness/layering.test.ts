import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../test-helpers/workspaceCopy';

/** The repository's ESLint rules guard the layering of docs/ARCHITECTURE.md. */
describe('layering rules', () => {
  /** What the repository's `eslint` says of `code` as if it were `file`. */
  const messages = async (file: string, code: string): Promise<string[]> => {
    const eslint = join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const run = spawnSync(
      process.execPath,
      [eslint, '--format', 'json', '--stdin', '--stdin-filename', join(REPO_ROOT, file)],
      { cwd: REPO_ROOT, input: code, encoding: 'utf8' },
    );
    const [result] = JSON.parse(run.stdout) as {
      messages: { ruleId: string; message: string }[];
    }[];
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  };

  it.each([
    ["export { readFileSync } from 'node:fs';", 'node:fs'],
    ["export { Worker } from 'worker_threads';", 'worker_threads'],
    ["export { spawn } from 'child_process';", 'child_process'],
    ["export { argv } from 'node:process';", 'node:process'],
  ])('a core importing %s fails', async (line, name) => {
    expect(
      await messages('packages/reduce/src/core/new.ts', `${line}\nexport const x = 1;\n`),
    ).toEqual([
      `no-restricted-imports: '${name}' import is restricted from being used. a core is pure: files, processes and threads belong in stage/ or parallel/`,
    ]);
  });

  it('a core reading process fails; a stage adapter may', async () => {
    const code = 'export const threads = process.env.THREADS;\n';
    expect(await messages('packages/model/src/core/new.ts', code)).toEqual([
      "no-restricted-globals: Unexpected use of 'process'. a core is pure: read settings in the stage adapter and pass them in",
    ]);
    expect(await messages('packages/model/src/stage/new.ts', code)).toEqual([]);
  });

  it.each([
    ['packages/model/src/stage/new.ts', '@latentlens/export'],
    ['packages/data/src/core/new.ts', '@latentlens/reduce'],
    ['packages/export/src/new.ts', '@latentlens/cli'],
  ])('%s importing %s (a package above or beside it) fails', async (file, imported) => {
    const found = await messages(file, `export * from '${imported}';\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/may import @latentlens\/data only/);
  });

  it('a package may import @latentlens/data, and the cli any package', async () => {
    expect(
      await messages('packages/reduce/src/stage/new.ts', "export * from '@latentlens/data';\n"),
    ).toEqual([]);
    expect(
      await messages('packages/cli/src/new.ts', "export * from '@latentlens/model';\n"),
    ).toEqual([]);
  });
});
