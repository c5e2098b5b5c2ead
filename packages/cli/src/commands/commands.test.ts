import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main';
import { COMMANDS } from './index';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const spy = jest
    .spyOn(console, 'error')
    .mockImplementation((line: string) => void err.push(line));
  try {
    const code = await main(argv, (line) => out.push(line));
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

describe('latentlens', () => {
  it.each(COMMANDS.map((c) => c.name))('%s --help prints its usage', async (name) => {
    const { code, out } = await run([name, '--help']);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`Usage: latentlens ${name}`));
  });

  it('lists the commands without arguments and exits 2', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(2);
    expect(out.join('\n')).toMatch(/Commands:[\s\S]*validate/);
  });

  it('rejects an unknown option in one line with exit code 2', async () => {
    const { code, err } = await run(['reduce', '--bogus', '1']);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^latentlens reduce: .*--bogus.* \(see latentlens reduce --help\)$/);
  });

  it('validate reports file:line:col and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'train:\n  epochs: 0\n');
    const { code, err } = await run(['validate', file]);
    expect(code).toBe(2);
    expect(err).toEqual([
      `${file}:2:11: train.epochs: 0 is out of range (use a whole number from 1 to 100000)`,
    ]);
  });

  it('stage refuses an invalid pipeline before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'data: { source: bundled, limit: 5 }\nreduce:\n  tsne: { method: tsne, perplexity: -3 }\n',
    );
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { code, err } = await run(['stage', file, 'data']);
      expect(code).toBe(2);
      expect(err[0]).toMatch(/bad\.yaml:3:37: reduce\.tsne\.perplexity: -3 is out of range/);
      expect(existsSync(join(dir, 'artifacts'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('validate accepts the shipped pipeline', async () => {
    const { code, out } = await run([
      'validate',
      join(__dirname, '../../../../pipelines/mnist.yaml'),
    ]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(
      /valid pipeline "mnist" with stages data, train, encode, neighbors, reduce\.tsne, reduce\.pca, reduce\.umap, export/,
    );
  });
});
