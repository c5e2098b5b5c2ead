import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { createNodesV2 } from './index';
import { pipelineTargets } from './targets';
import { REPO_ROOT, cleanEnv, copyWorkspace } from '../test-helpers/workspaceCopy';

describe('pipelineTargets of a table of vectors', () => {
  const targets = pipelineTargets('vec', 'pipelines/vec.yaml', ['pca'], 'vectors');
  const deps = (t: string) =>
    targets[t].dependsOn!.filter((d): d is string => typeof d === 'string');
  const reads = (t: string) =>
    targets[t].inputs!.flatMap((i) =>
      typeof i === 'object' && 'dependentTasksOutputFiles' in i
        ? [i.dependentTasksOutputFiles]
        : [],
    );

  it('has no train or encode: data feeds neighbors and the reductions, then the export', () => {
    expect(Object.keys(targets)).toEqual([
      'vec-data',
      'vec-neighbors',
      'vec-reduce-pca',
      'vec-export',
      'vec',
      'vec-serve',
    ]);
    expect(deps('vec-neighbors')).toEqual(['vec-data']);
    expect(deps('vec-reduce-pca')).toEqual(['vec-data']);
    expect(deps('vec-export')).toEqual(['vec-data', 'vec-neighbors', 'vec-reduce-pca']);
    // embeddings.arrow is the data stage's; no history or reconstructions are read.
    expect(reads('vec-reduce-pca')).toEqual(['**/embeddings.arrow']);
    expect(reads('vec-export')).toEqual([
      '**/dataset.arrow',
      '**/embeddings.arrow',
      '**/neighbors.arrow',
      '**/projection.arrow',
    ]);
  });
});

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

  it("hashes the sources of each stage's package and data's, and their build scripts", () => {
    // A change to reduce/scripts/wasm.js (which compiles the kernels) must re-run a reduction.
    expect(targets['mnist-reduce-tsne'].inputs).toEqual(
      expect.arrayContaining([
        '{workspaceRoot}/packages/reduce/src/**/*',
        '{workspaceRoot}/packages/reduce/scripts/**/*',
        '{workspaceRoot}/packages/data/src/**/*',
      ]),
    );
    expect(targets['mnist-train'].inputs).toContain('{workspaceRoot}/packages/model/src/**/*');
    expect(targets['mnist-train'].inputs).not.toContain('{workspaceRoot}/packages/reduce/src/**/*');
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

describe('createNodesV2 and hostile names', () => {
  const [, create] = createNodesV2;
  const nodesOf = (name: string, text = 'data: { source: bundled }\n') => {
    const root = mkdtempSync(join(tmpdir(), 'latentlens-names-'));
    mkdirSync(join(root, 'pipelines'));
    writeFileSync(join(root, 'pipelines', name), text);
    return create([`pipelines/${name}`], {}, { workspaceRoot: root });
  };

  it.each(['x;touch PWNED;y.yaml', 'a b.yaml', '$(id).yaml', "it's.yaml", '...yaml', 'a\nb.yaml'])(
    'refuses the pipeline file %j at plugin load, naming it',
    async (name) => {
      await expect(nodesOf(name)).rejects.toThrow(
        `pipelines/${name}: "${name}" is not a valid pipeline file name (a pipeline file is named <name>.yaml`,
      );
    },
  );

  it.each(['a;touch PWNED', '../x', 'A B'])('refuses the reduction name %j', async (name) => {
    await expect(
      nodesOf('p.yaml', `reduce:\n  ${JSON.stringify(name)}: { method: pca }\n`),
    ).rejects.toThrow(`pipelines/p.yaml: reduce: ${JSON.stringify(name)} is not a valid name`);
  });

  it('refuses to put anything but a safe word into a command', () => {
    expect(() => pipelineTargets('p', 'pipelines/p q.yaml', [])).toThrow(
      'refusing to put "pipelines/p q.yaml" into a shell command',
    );
  });
});

describe('the real nx with a hostile pipeline file name', () => {
  let ws: string;
  beforeAll(() => (ws = copyWorkspace('latentlens-hostile-nx-')));
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('stops at plugin load with the file named, and runs no command', () => {
    writeFileSync(join(ws, 'pipelines', 'x;touch PWNED;y.yaml'), 'data: { source: bundled }\n');
    const r = spawnSync(
      process.execPath,
      [join(ws, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'run', 'pipeline:x-data'],
      { cwd: ws, env: cleanEnv(), encoding: 'utf8', timeout: 300_000 },
    );
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(
      'pipelines/x;touch PWNED;y.yaml: "x;touch PWNED;y.yaml" is not a valid pipeline file name',
    );
    expect(existsSync(join(ws, 'PWNED'))).toBe(false);
    expect(existsSync(join(ws, 'pipelines', 'PWNED'))).toBe(false);
  }, 300_000);
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

  it("changes the data stage's key when a file of its folder changes, and no other key", () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-key-'));
    const images = join(dir, 'images');
    mkdirSync(join(images, 'cats'), { recursive: true });
    writeFileSync(join(images, 'cats', 'a.png'), 'one');
    // A link back up must not be walked forever.
    symlinkSync(images, join(images, 'cats', 'loop'));
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      `data: { source: images, dir: ${images} }\nreduce:\n  pca: { method: pca }\n`,
    );
    const before = { data: key(file, 'data'), pca: key(file, 'reduce.pca') };
    expect(JSON.parse(before.data).inputs.files).toBe(1);
    writeFileSync(join(images, 'cats', 'a.png'), 'two');
    const edited = key(file, 'data');
    writeFileSync(join(images, 'cats', 'b.png'), 'two');
    const added = key(file, 'data');
    expect(new Set([before.data, edited, added]).size).toBe(3);
    expect(key(file, 'reduce.pca')).toBe(before.pca);
  });

  it("changes the data stage's key when an image a table's image column names changes", () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlens-key-'));
    mkdirSync(join(dir, 'img'));
    writeFileSync(join(dir, 'img', 'a.png'), 'one');
    writeFileSync(join(dir, 'img', 'b, c.png'), 'one');
    writeFileSync(join(dir, 'unlisted.png'), 'one');
    // The same rows as CSV and as Arrow IPC: each format's own reader finds the column.
    writeFileSync(join(dir, 't.csv'), 'x,y,kind,file\n1,2,u,img/a.png\n3,4,v,"img/b, c.png"\n');
    const arrow = tableFromArrays({
      x: Float64Array.from([1, 3]),
      file: ['img/a.png', 'img/b, c.png'],
    });
    writeFileSync(join(dir, 't.arrow'), tableToIPC(arrow, 'file'));
    const yaml = (table: string) => {
      const file = join(dir, `${table}.yaml`);
      writeFileSync(
        file,
        `data: { source: table, path: ${join(dir, table)}, vector: [x], image: file }\nreduce:\n  pca: { method: pca }\n`,
      );
      return file;
    };
    for (const file of [yaml('t.csv'), yaml('t.arrow')]) {
      const before = { data: key(file, 'data'), pca: key(file, 'reduce.pca') };
      // The table itself and its two images.
      expect(JSON.parse(before.data).inputs.files).toBe(3);
      writeFileSync(join(dir, 'unlisted.png'), 'two');
      expect(key(file, 'data')).toBe(before.data);
      writeFileSync(join(dir, 'img', 'b, c.png'), 'two');
      const edited = key(file, 'data');
      expect(edited).not.toBe(before.data);
      expect(key(file, 'reduce.pca')).toBe(before.pca);
      writeFileSync(join(dir, 'img', 'b, c.png'), 'one');
      expect(key(file, 'data')).toBe(before.data);
    }
  });
});
