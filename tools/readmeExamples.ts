import { readFileSync } from 'node:fs';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';

/**
 * Runs every ```ts block of a README as a test, so a README example that stops working fails the
 * build. Blocks are transpiled to CommonJS and run with the calling test's `require`, which maps
 * `@latentlens/*` to the workspace sources.
 */
export function readmeExamples(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

export async function runExample(source: string, requireFn: NodeJS.Require): Promise<void> {
  const { outputText } = transpileModule(source, {
    compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true },
  });
  // The body runs inside an async function so examples may use top-level await.
  const body = `return (async () => {\n${outputText}\n})();`;
  const module = { exports: {} };
  await new Function('require', 'exports', 'module', body)(requireFn, module.exports, module);
}
