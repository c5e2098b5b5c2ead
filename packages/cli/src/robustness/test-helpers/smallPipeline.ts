import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, copyWorkspace } from '../../test-helpers/workspaceCopy';
import { WatchedProcess } from './watchedProcess';

/**
 * A pipeline small enough to run in seconds whose every stage still takes long enough to be
 * interrupted: 100 epochs give training a few seconds; the backend is pinned so that a faster one
 * (tfjs-node, where it installs) cannot shrink that window.
 */
const SMALL_PIPELINE = `seed: 0
data: { source: bundled, sample: 150 }
train: { epochs: 100, backend: wasm }
encode: { splits: [train, test] }
reduce:
  tsne: { method: tsne, perplexity: 10, iterations: 250 }
  pca: { method: pca, dims: 3 }
  umap: { method: umap, neighbors: 10, epochs: 50 }
`;

/** A throw-away workspace holding `pipelines/small.yaml`. */
export function smallWorkspace(prefix: string): string {
  const ws = copyWorkspace(prefix);
  writeFileSync(join(ws, 'pipelines', 'small.yaml'), SMALL_PIPELINE);
  return ws;
}

/**
 * `nx run pipeline:small`. Output style `stream` passes each stage's lines on as they come
 * (`static` holds a task's output back until the task ends).
 */
export function startNx(ws: string): WatchedProcess {
  const nx = join(ws, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  return new WatchedProcess(
    process.execPath,
    [nx, 'run', 'pipeline:small', '--outputStyle=stream'],
    {
      cwd: ws,
      env: cleanEnv(),
    },
  );
}

/** The built `latentlens` command of the workspace (Nx builds it before the first stage). */
export function startCli(ws: string, args: string[]): WatchedProcess {
  return new WatchedProcess(
    process.execPath,
    [join(ws, 'packages', 'cli', 'bin', 'latentlens.js'), ...args],
    {
      cwd: ws,
      env: cleanEnv(),
    },
  );
}
