/**
 * JavaScript that runs a TypeScript entry file without a build: it registers a require hook that
 * transpiles `.ts` files with the workspace's TypeScript compiler (no type checking), optionally
 * resolves `@latentlens/<pkg>` to that package's sources, then requires the entry. For running
 * this package from its sources (under jest): the pool's worker threads, and test processes.
 */
export function typescriptBootstrap(
  entry: string,
  options: { workspaceSources?: string } = {},
): string {
  return `
    const { readFileSync } = require('node:fs');
    const { join } = require('node:path');
    const Module = require('node:module');
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      module._compile(outputText, filename);
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
