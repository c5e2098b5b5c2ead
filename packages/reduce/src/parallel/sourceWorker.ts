/**
 * JavaScript for `new Worker(code, { eval: true })` that runs a TypeScript entry file from its
 * source: it registers a require hook transpiling `.ts` files with the workspace's TypeScript
 * compiler (no type checking), then requires the entry. Only for running this package from
 * source (under jest); pure JavaScript, so no native transpiler is loaded into worker threads.
 */
export function sourceWorker(entry: string): string {
  return `
    const { readFileSync } = require('node:fs');
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true, // as tsconfig.base.json: default imports of CommonJS packages
        },
      });
      module._compile(outputText, filename);
    };
    require(${JSON.stringify(entry)});`;
}
