import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/** packages/, seen from this file (src/parallel/ or dist/parallel/ of packages/data). */
const WORKSPACE_SOURCES = resolve(__dirname, '..', '..', '..');

/**
 * JavaScript that runs a TypeScript entry file without a build: it registers a require hook that
 * transpiles `.ts` files with the workspace's TypeScript compiler (no type checking), optionally
 * resolves `@latentlens/<pkg>` to that package's sources (as jest.preset.js does), then requires
 * the entry. For running a package from its sources (under jest): a pool's worker threads, and
 * test processes. Transpiled files are cached under the system's temporary folder by content
 * hash and compiler version, because loading the compiler alone takes about a second per thread.
 */
export function typescriptBootstrap(
  entry: string,
  options: { workspaceSources?: string } = {},
): string {
  const typescript = require.resolve('typescript');
  const manifest = readFileSync(require.resolve('typescript/package.json'), 'utf8');
  const { version } = JSON.parse(manifest) as { version: string };
  return `
    const { mkdirSync, readFileSync, writeFileSync, renameSync } = require('node:fs');
    const { createHash } = require('node:crypto');
    const { tmpdir } = require('node:os');
    const { join } = require('node:path');
    const Module = require('node:module');
    const cacheDir = join(tmpdir(), 'latentlens-ts-cache');
    let ts = null;
    require.extensions['.ts'] = (module, filename) => {
      const source = readFileSync(filename, 'utf8');
      const key = createHash('sha256')
        .update(${JSON.stringify(version)}).update('\\0')
        .update(filename).update('\\0').update(source).digest('hex');
      const cached = join(cacheDir, key + '.js');
      let output;
      try {
        output = readFileSync(cached, 'utf8');
      } catch {
        ts ??= require(${JSON.stringify(typescript)});
        output = ts.transpileModule(source, {
          fileName: filename,
          // esModuleInterop as tsconfig.base.json: default imports of CommonJS packages.
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
        mkdirSync(cacheDir, { recursive: true });
        // Written aside and renamed, so a thread never reads another's half-written file.
        const tmp = cached + '.' + process.pid + '.' + Math.random().toString(36).slice(2);
        writeFileSync(tmp, output);
        renameSync(tmp, cached);
      }
      module._compile(output, filename);
    };
    const sources = ${JSON.stringify(options.workspaceSources ?? null)};
    if (sources !== null) {
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        const match = /^@latentlens\\/([a-z]+)$/.exec(request);
        return match ? join(sources, match[1], 'src', 'index.ts') : resolve.call(this, request, ...rest);
      };
    }
    require(${JSON.stringify(entry)});`;
}

/**
 * A worker thread running `entry`: a built `.js` file as it is, or a `.ts` source (a package run
 * from its sources, under jest) through `typescriptBootstrap`, with `@latentlens/<pkg>` resolved to
 * the sources too, so a worker runs the same code as the test that started it and needs no build.
 */
export function startWorker(entry: string): Worker {
  return extname(entry) === '.ts'
    ? new Worker(typescriptBootstrap(entry, { workspaceSources: WORKSPACE_SOURCES }), {
        eval: true,
      })
    : new Worker(entry);
}
