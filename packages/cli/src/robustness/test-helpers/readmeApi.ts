import {
  ModuleKind,
  ModuleResolutionKind,
  ScriptTarget,
  SymbolFlags,
  createProgram,
  createSourceFile,
  isExportSpecifier,
  isImportDeclaration,
} from 'typescript';
import type { Symbol as TsSymbol } from 'typescript';

/** An exported name, optionally written as a call: `name` or `name(args…)`. */
const API_NAME = /^([A-Za-z_$][\w$]*)(\(.*\))?$/s;

/** The text of `## <title>` up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) return '';
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Items of a markdown list, each with its continuation lines joined. */
function listItems(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*[-*] /.test(line)) items.push(line.replace(/^\s*[-*] /, ''));
    else if (line.trim() && items.length) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items;
}

/**
 * The names a README's `## API` section promises, in backticks in its list items. Not names:
 * what an item that starts with a name (`` `tsneEmbed(…)`: what it does ``) says after its first
 * colon; option names, from the word "options" to the end of that sentence; and backticked text
 * that is not an identifier (`{ state, history }`, `'auto'`, `model.json`). An item that starts
 * with a label (`Files: …`) names everything after it.
 */
export function readmeApiNames(markdown: string): string[] {
  const names = new Set<string>();
  for (const item of listItems(section(markdown, 'API'))) {
    let describing = false;
    let options = false;
    for (const [, code, text] of item.matchAll(/`([^`]*)`|([^`]+)/g)) {
      if (text !== undefined) {
        if (item.startsWith('`') && /:\s/.test(text)) describing = true;
        // Whichever comes last in this stretch of prose: "options" opens a list, a full stop ends it.
        const opens = text.search(/\boptions?\b(?![\s\S]*[.;](\s|$))/);
        const ends = /[.;](\s|$)/.test(text);
        options = opens >= 0 || (options && !ends);
      } else if (!describing && !options) {
        const name = API_NAME.exec(code.trim());
        if (name) names.add(name[1]);
      }
    }
  }
  return [...names].sort();
}

/** The first ```ts block after `## Example`. */
export function readmeExample(markdown: string): string {
  const block = /```ts\n([\s\S]*?)```/.exec(section(markdown, 'Example'));
  if (!block) throw new Error('no ```ts block under ## Example');
  return block[1];
}

/**
 * A README example as a CommonJS program: its imports stay on top, the rest runs in an async
 * function (examples may use top-level await, which CommonJS lacks), and a failure exits 1.
 */
export function exampleProgram(example: string): string {
  const file = createSourceFile('example.ts', example, ScriptTarget.ES2022, true);
  const imports = file.statements
    .filter(isImportDeclaration)
    .map((s) => s.getFullText(file).trim());
  const body = file.statements
    .filter((s) => !isImportDeclaration(s))
    .map((s) => s.getFullText(file));
  return [
    ...imports,
    '',
    'async function example(): Promise<void> {',
    ...body,
    '}',
    '',
    'example().catch((error: unknown) => {',
    '  console.error(error);',
    '  process.exit(1);',
    '});',
    '',
  ].join('\n');
}

/** The names each declaration file exports: all of them, and those that exist at run time. */
export function declaredExports(files: string[]): { all: string[]; values: string[] }[] {
  const program = createProgram(files, {
    module: ModuleKind.CommonJS,
    moduleResolution: ModuleResolutionKind.Node10,
    target: ScriptTarget.ES2022,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  return files.map((file) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    if (!module) throw new Error(`${file} exports nothing`);
    const symbols = checker.getExportsOfModule(module);
    // `export type { X }` of a value leaves nothing at run time.
    const typeOnly = (s: TsSymbol) =>
      s.declarations?.some(
        (d) => isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly),
      ) ?? false;
    const isValue = (s: TsSymbol) =>
      !typeOnly(s) &&
      ((s.flags & SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags &
        SymbolFlags.Value) !==
        0;
    return {
      all: symbols.map((s) => s.name).sort(),
      values: symbols
        .filter(isValue)
        .map((s) => s.name)
        .sort(),
    };
  });
}
