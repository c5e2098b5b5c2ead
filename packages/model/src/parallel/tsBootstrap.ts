/**
 * JavaScript that runs a TypeScript entry file without a build: it registers a require hook that
 * transpiles `.ts` files with the workspace's TypeScript compiler (no type checking), optionally
 * resolves `@latentlens/<pkg>` to that package's sources, then requires the entry. For running
 * this package from its sources (under jest): the pool's worker threads, and test processes.
 * Transpiled files are cached under the system's temporary folder by content hash, because
 * loading the compiler alone takes about a second per thread.
 */
export function typescriptBootstrap(
  entry: string,
  options: { workspaceSources?: string } = {},
): string {
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
      const key = createHash('sha256').update(filename).update('\\0').update(source).digest('hex');
      const cached = join(cacheDir, key + '.js');
      let output;
      try {
        output = readFileSync(cached, 'utf8');
      } catch {
        ts ??= require(${JSON.stringify(require.resolve('typescript'))});
        output = ts.transpileModule(source, {
          fileName: filename,
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
        mkdirSync(cacheDir, { recursive: true });
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
