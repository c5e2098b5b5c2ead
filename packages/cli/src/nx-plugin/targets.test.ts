import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodesV2 } from './index';
import { pipelineTargets } from './targets';
import { REPO_ROOT } from '../test-helpers/workspaceCopy';

describe('pipelineTargets', () => {
  const targets = pipelineTargets('mnist', 'pipelines/mnist.yaml', ['tsne', 'pca']);

  it('makes one cached target per stage plus the aggregate', () => {
    expect(Object.keys(targets)).toEqual([
      'mnist-data',
      'mnist-train',
      'mnist-encode',
      'mnist-neighbors',
      'mnist-reduce-tsne',
      'mnist-reduce-pca',
      'mnist-export',
      'mnist',
      'mnist-serve',
    ]);
    expect(targets['mnist-reduce-tsne']).toMatchObject({
      command: 'node packages/cli/bin/latentlens.js stage pipelines/mnist.yaml reduce.tsne',
      cache: true,
      outputs: ['{workspaceRoot}/artifacts/mnist/reduce/tsne'],
    });
    expect(targets.mnist).toMatchObject({ executor: 'nx:noop', dependsOn: ['mnist-export'] });
    expect(targets['mnist-serve']).toMatchObject({
      command: 'node packages/cli/bin/latentlens.js serve artifacts/mnist/export/viewer',
      cache: false,
      continuous: true,
      dependsOn: ['mnist-export'],
    });
  });

  it('wires the DAG with dependsOn', () => {
    const deps = (t: string) =>
      targets[t].dependsOn!.filter((d): d is string => typeof d === 'string');
    expect(deps('mnist-train')).toEqual(['mnist-data']);
    expect(deps('mnist-reduce-pca')).toEqual(['mnist-encode']);
    expect(deps('mnist-export')).toEqual([
      'mnist-data',
      'mnist-train',
      'mnist-encode',
      'mnist-neighbors',
      'mnist-reduce-tsne',
      'mnist-reduce-pca',
    ]);
  });

  it('keeps stage parameters out of the target configuration', () => {
    // Nx hashes a project's whole configuration into every task: parameters must not be in it.
    const text = JSON.stringify(targets);
    expect(text).not.toMatch(/perplexity|epochs|learningRate/);
  });
});

describe('createNodesV2', () => {
  it('adds the targets of every pipelines/*.yaml to the project "pipeline"', async () => {
    const [, create] = createNodesV2;
    const results = await create(
      ['pipelines/mnist.yaml', 'pipelines/fashion-mnist.yaml'],
      {},
      { workspaceRoot: REPO_ROOT },
    );
    const names = results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => p.name));
    expect(names).toEqual(['pipeline', 'pipeline']);
    const fashion = results[1][1].projects!.pipelines.targets!;
    expect(Object.keys(fashion)).toContain('fashion-mnist-reduce-umap');
  });
});

describe('bin/stage-key.js', () => {
  const key = (file: string, stage: string) =>
    execFileSync(
      process.execPath,
      [join(REPO_ROOT, 'packages/cli/bin/stage-key.js'), file, stage],
      { encoding: 'utf8' },
    );

  it('changes for the edited stage only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-key-'));
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(
      a,
      'seed: 1\ntrain: { epochs: 3 }\nreduce:\n  tsne: { method: tsne, perplexity: 10 }\n  pca: { method: pca }\n',
    );
    writeFileSync(
      b,
      'seed: 1\ntrain: { epochs: 3 }\nreduce:\n  pca: { method: pca }\n  tsne: { perplexity: 11, method: tsne }\n',
    );
    expect(key(a, 'reduce.pca')).toBe(key(b, 'reduce.pca'));
    expect(key(a, 'train')).toBe(key(b, 'train'));
    expect(key(a, 'reduce.tsne')).not.toBe(key(b, 'reduce.tsne'));
  });
});
