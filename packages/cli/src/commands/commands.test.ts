import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRule } from '@latentlens/data';
import { METHODS, methodFields, reductionMethod } from '@latentlens/reduce';
import { artifacts, exportArgs } from '../robustness/hostile/fixtures';
import { runCli } from '../test-helpers/runCli';
import { STAGES } from '../pipeline/stages';
import { COMMANDS } from './index';

describe('latentlens', () => {
  it.each(COMMANDS.map((c) => c.name))('%s --help prints its usage', async (name) => {
    const { code, out } = await runCli([name, '--help']);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`Usage: latentlens ${name}`));
  });

  it('reduce --help lists every registered method and setting with what it takes', async () => {
    const { out } = await runCli(['reduce', '--help']);
    const help = out.join('\n');
    for (const method of METHODS) {
      expect(help).toContain(`  ${method.id} (${method.displayName})`);
      const section = help.slice(help.indexOf(`  ${method.id} (`));
      for (const [name, f] of Object.entries(methodFields(method)))
        expect(section).toMatch(new RegExp(`\\n    ${name} +${literal(describeRule(f.rule))}`));
    }
  });

  it('lists the commands without arguments and exits 2', async () => {
    const { code, out } = await runCli([]);
    expect(code).toBe(2);
    expect(out.join('\n')).toMatch(/Commands:[\s\S]*validate/);
  });

  it('rejects an unknown option in one line with exit code 2', async () => {
    const { code, err } = await runCli(['reduce', '--bogus', '1']);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^latentlens reduce: .*--bogus.* \(see latentlens reduce --help\)$/);
  });

  it("export takes --neighbors, as the README's step-by-step example passes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-'));
    const { code, err } = await runCli([
      'export',
      ...['--dataset', join(dir, 'dataset.arrow'), '--embeddings', join(dir, 'embeddings.arrow')],
      ...['--neighbors', join(dir, 'neighbors.arrow'), '--out', join(dir, 'export')],
    ]);
    // Past the argument parser: it fails on the missing input file (an input error), not on the
    // option (which would point to --help).
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/dataset\.arrow: not found/);
    expect(err.join('\n')).not.toMatch(/--help/);
    expect(existsSync(join(dir, 'export'))).toBe(false);
  });

  it("export needs --neighbors: the viewer lists the neighbours stage's, it searches none", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-'));
    const { code, err } = await runCli([
      'export',
      ...['--dataset', join(dir, 'dataset.arrow'), '--embeddings', join(dir, 'embeddings.arrow')],
      ...['--out', join(dir, 'export')],
    ]);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^latentlens export: --neighbors is required/);
    expect(existsSync(join(dir, 'export'))).toBe(false);
  });

  it("export names each projection's method as reduce's registry does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-'));
    const paths = await artifacts(dir);
    const out = join(dir, 'export');
    const args = exportArgs(paths, out).filter((a) => a !== '--no-figures');
    expect(await runCli(args)).toMatchObject({ code: 0, err: [] });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    const viewer = JSON.parse(readFileSync(join(out, 'viewer/data/manifest.json'), 'utf8'));
    // The synthetic projections are named after their methods (tsne, pca, umap).
    paths.projections.forEach(({ name }, i) => {
      const { displayName, axisLabel } = reductionMethod(name);
      expect(report).toContain(`| ${name} | ${displayName} |`);
      expect(viewer.projections[i]).toMatchObject({ method: name, displayName });
      const figure = readFileSync(join(out, `figures/projection-${name}.svg`), 'utf8');
      expect(figure).toContain(`>${axisLabel} 1<`);
    });
  });

  it('validate reports file:line:col and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'train:\n  epochs: 0\n');
    const { code, err } = await runCli(['validate', file]);
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
      const { code, err } = await runCli(['stage', file, 'data']);
      expect(code).toBe(2);
      expect(err[0]).toMatch(/bad\.yaml:3:37: reduce\.tsne\.perplexity: -3 is out of range/);
      expect(existsSync(join(dir, 'artifacts'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('validate accepts the shipped pipeline', async () => {
    const { code, out } = await runCli([
      'validate',
      join(__dirname, '../../../../pipelines/mnist.yaml'),
    ]);
    expect(code).toBe(0);
    // Every row's stage, the YAML's three reductions in its order (stages.test.ts checks the order).
    const mnist = STAGES.flatMap((s) =>
      s.kind === 'reduce' ? ['reduce.tsne', 'reduce.pca', 'reduce.umap'] : [s.kind],
    );
    expect(out[0]).toContain(`valid pipeline "mnist" with stages ${mnist.join(', ')}`);
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
