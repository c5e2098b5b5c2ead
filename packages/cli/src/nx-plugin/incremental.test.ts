import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WatchedProcess } from '../robustness/test-helpers/watchedProcess';
import { cleanEnv, copyWorkspace } from '../test-helpers/workspaceCopy';

/**
 * The real `nx` on a small real pipeline, in a copy of the workspace: proves which stages execute
 * and which come from the cache after each kind of edit.
 */
const PIPELINE = `seed: 0
data: { source: bundled, sample: 150 }
train: { epochs: 1 }
reduce:
  tsne: { method: tsne, perplexity: 10, iterations: 250 }
  pca: { method: pca, dims: 3 }
  umap: { method: umap, neighbors: 10, epochs: 50 }
`;
const ALL = [
  'data',
  'train',
  'encode',
  'neighbors',
  'reduce-tsne',
  'reduce-pca',
  'reduce-umap',
  'export',
];

describe('nx run pipeline:small (incremental)', () => {
  let ws: string;
  const file = () => join(ws, 'pipelines', 'small.yaml');
  /** Node's arguments for the workspace copy's own `nx run <args>`. */
  const nxRun = (...args: string[]) => [
    join(ws, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'),
    'run',
    ...args,
  ];

  /** Runs the pipeline; returns the stages that executed (the rest were cache hits). */
  function runPipeline(): string[] {
    const r = spawnSync(process.execPath, nxRun('pipeline:small', '--outputStyle=static'), {
      cwd: ws,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 600_000,
    });
    const output = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    if (r.status !== 0) throw new Error(`nx failed (${r.status}):\n${output.slice(-4000)}`);
    const seen: string[] = [];
    const executed: string[] = [];
    for (const m of output.matchAll(/^> nx run pipeline:small-(\S+)(.*)$/gm)) {
      seen.push(m[1]);
      if (!/\[(local cache|existing outputs match the cache, left as is)\]/.test(m[2]))
        executed.push(m[1]);
    }
    expect(seen.sort()).toEqual([...ALL].sort());
    return executed.sort();
  }

  beforeAll(() => {
    ws = copyWorkspace('latentlens-nx-');
    writeFileSync(file(), PIPELINE);
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('a. runs every stage the first time', () => {
    expect(runPipeline()).toEqual([...ALL].sort());
    expect(existsSync(join(ws, 'artifacts/small/export/tensorboard/projector_config.pbtxt'))).toBe(
      true,
    );
  });

  it('b. runs nothing when nothing changed', () => {
    expect(runPipeline()).toEqual([]);
  });

  it('c. a t-SNE parameter re-runs that reduction and export only', () => {
    writeFileSync(file(), PIPELINE.replace('perplexity: 10', 'perplexity: 12'));
    expect(runPipeline()).toEqual(['export', 'reduce-tsne']);
  });

  it('d. the number of epochs re-runs everything but data', () => {
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('epochs: 1 }', 'epochs: 2 }'));
    expect(runPipeline()).toEqual([
      'encode',
      'export',
      'neighbors',
      'reduce-pca',
      'reduce-tsne',
      'reduce-umap',
      'train',
    ]);
  });

  it('e. deleted artifacts come back from the cache without executing', () => {
    const projection = join(ws, 'artifacts/small/reduce/tsne/projection.arrow');
    const before = readFileSync(projection);
    rmSync(join(ws, 'artifacts'), { recursive: true });
    expect(runPipeline()).toEqual([]);
    expect(readFileSync(projection).equals(before)).toBe(true);
    expect(existsSync(join(ws, 'artifacts/small/export/projector/projector_config.json'))).toBe(
      true,
    );
  });

  it('f. editing packages/reduce re-runs its stages (reductions, neighbours); export only if their outputs changed', () => {
    appendFileSync(
      join(ws, 'packages/reduce/src/core/pca.ts'),
      '\n// a comment changes the hash, not the output\n',
    );
    // Identical projections leave the export's inputs (their bytes) unchanged.
    expect(runPipeline()).toEqual(['neighbors', 'reduce-pca', 'reduce-tsne', 'reduce-umap']);
  });

  it('g. pipeline:small-serve brings the export up to date and serves its viewer', async () => {
    // 'static' output holds a task's output until it ends, which a server never does.
    const nx = new WatchedProcess(
      process.execPath,
      nxRun('pipeline:small-serve', '--outputStyle=stream', '--port=0'),
      { cwd: ws, env: cleanEnv() },
    );
    try {
      const opened = /Open (http:\/\/127\.0\.0\.1:\d+\/)/;
      await nx.waitForLine(opened, 120_000);
      // The export was already cached, so it was restored rather than run again.
      expect(nx.output).toMatch(/pipeline:small-export.*\[(local cache|existing outputs match)/);
      const page = await fetch(opened.exec(nx.output)![1]);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toMatch(/<div id="app"|<script/);
    } finally {
      process.kill(-nx.pid, 'SIGINT');
      await nx.closed;
    }
  }, 180_000);
});
