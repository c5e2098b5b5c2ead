import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

const SKIP = new Set([
  'node_modules',
  'dist',
  '.nx',
  'artifacts',
  'coverage',
  '.git',
  'test-output',
]);

/**
 * A throw-away copy of the workspace (sources and configs, no pipelines) whose node_modules
 * links to the real one, except `@latentlens/*`, which points at the copy's own packages so that
 * edits made by a test are what runs.
 */
export function copyWorkspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(REPO_ROOT, dir, {
    recursive: true,
    filter: (src) => {
      const rel = relative(REPO_ROOT, src);
      if (rel === '') return true;
      if (rel === 'pipelines' || rel.startsWith('pipelines/')) return false;
      return !rel.split('/').some((part) => SKIP.has(part));
    },
  });
  mkdirSync(join(dir, 'pipelines'));
  const modules = join(REPO_ROOT, 'node_modules');
  const target = join(dir, 'node_modules');
  mkdirSync(target);
  for (const entry of readdirSync(modules)) {
    if (entry === '@latentlens') continue;
    symlinkSync(join(modules, entry), join(target, entry));
  }
  mkdirSync(join(target, '@latentlens'));
  for (const pkg of readdirSync(join(dir, 'packages'))) {
    symlinkSync(join(dir, 'packages', pkg), join(target, '@latentlens', pkg));
  }
  return dir;
}

/** The environment of the test process without the variables of an enclosing Nx task. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      !k.startsWith('NX_') &&
      !k.startsWith('JEST') &&
      k !== 'NODE_OPTIONS' &&
      k !== 'FORCE_COLOR'
    )
      env[k] = v;
  }
  return {
    ...env,
    // Plain text: the tests read Nx's task lines, which colour codes would split.
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    NX_NO_CLOUD: 'true',
    NX_SKIP_NX_CACHE: 'false',
    ...extra,
  };
}
