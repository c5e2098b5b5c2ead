import { execFile } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { REPO_ROOT, cleanEnv, copyWorkspace } from '../test-helpers/workspaceCopy';
import {
  declaredExports,
  exampleProgram,
  readmeApiNames,
  readmeExample,
} from './test-helpers/readmeApi';

/**
 * Every package as a user gets it: built, packed with `npm pack`, and installed together from the
 * tarballs and the npm registry into a folder outside the repository (no workspace links). There
 * each README example must type-check (strict, CommonJS, types from the installed packages) and
 * run as plain CommonJS, and each package must export exactly what its README's API lists.
 */
const PACKAGES = ['data', 'model', 'reduce', 'export', 'cli'] as const;
const BUILD_ORDER = [['data'], ['model', 'reduce', 'export'], ['cli']];
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const MINUTE = 60_000;

const execFileAsync = promisify(execFile);

async function run(
  command: string,
  args: string[],
  cwd: string,
  env = cleanEnv(),
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd,
      env,
      maxBuffer: 64 << 20,
      timeout: 10 * MINUTE,
    });
    return stdout;
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed (${e.code}) in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

/**
 * npm without what an enclosing `npm test` passes down (workspace, prefix, package): only the
 * user's registry, cache and proxy settings are kept.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const keep =
    /^npm_config_(registry|cache|userconfig|proxy|https_proxy|noproxy|strict_ssl|cafile)$/i;
  return Object.fromEntries(
    Object.entries(cleanEnv()).filter(([k]) => !/^npm_/i.test(k) || keep.test(k)),
  );
}

describe('each package on its own, installed from its tarball', () => {
  let ws: string;
  let consumer: string;
  const packed: Record<string, string[]> = {};
  let typeErrors: string[];
  let declarations: ReturnType<typeof declaredExports>;

  beforeAll(async () => {
    ws = copyWorkspace('latentlens-pack-');
    for (const group of BUILD_ORDER) {
      await Promise.all(
        group.map((p) =>
          run(
            process.execPath,
            [TSC, '-p', `packages/${p}/tsconfig.build.json`, '--pretty', 'false'],
            ws,
          ),
        ),
      );
    }
    const tarballs = join(ws, 'tarballs');
    mkdirSync(tarballs);
    const files: string[] = [];
    for (const p of PACKAGES) {
      const [info] = JSON.parse(
        await run(
          'npm',
          ['pack', '--json', '--pack-destination', tarballs],
          join(ws, 'packages', p),
          npmEnv(),
        ),
      ) as { filename: string; files: { path: string }[] }[];
      packed[p] = info.files.map((f) => f.path);
      files.push(join(tarballs, info.filename));
    }

    consumer = mkdtempSync(join(tmpdir(), 'latentlens-consumer-'));
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true }),
    );
    // The user's own @types/node: examples import node:os and node:path.
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files, '@types/node@^20.19.0'],
      consumer,
      npmEnv(),
    );

    mkdirSync(join(consumer, 'examples'));
    for (const p of PACKAGES) {
      const readme = readFileSync(
        join(consumer, 'node_modules', '@latentlens', p, 'README.md'),
        'utf8',
      );
      const program = exampleProgram(readmeExample(readme));
      writeFileSync(join(consumer, 'examples', `${p}.ts`), program);
      const js = transpileModule(program, {
        compilerOptions: {
          module: ModuleKind.CommonJS,
          target: ScriptTarget.ES2022,
          esModuleInterop: true,
        },
      });
      writeFileSync(join(consumer, 'examples', `${p}.cjs`), js.outputText);
    }
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'commonjs',
          moduleResolution: 'node10',
          target: 'ES2022',
          esModuleInterop: true,
          skipLibCheck: false,
          noEmit: true,
        },
        include: ['examples/*.ts'],
      }),
    );
    declarations = declaredExports(
      PACKAGES.map((p) => join(consumer, 'node_modules', '@latentlens', p, 'dist', 'index.d.ts')),
    );
    try {
      await run(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], consumer);
      typeErrors = [];
    } catch (error) {
      typeErrors = (error as Error).message.split('\n').filter((l) => /error TS\d+/.test(l));
    }
  }, 20 * MINUTE);

  afterAll(() => {
    rmSync(ws, { recursive: true, force: true });
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  it('the install holds real copies from the tarballs, outside the repository', async () => {
    expect(relative(REPO_ROOT, consumer).startsWith('..')).toBe(true);
    for (const p of PACKAGES) {
      const dir = join(consumer, 'node_modules', '@latentlens', p);
      expect(lstatSync(dir).isSymbolicLink()).toBe(false);
      const resolved = await run(
        process.execPath,
        ['-p', `require.resolve('@latentlens/${p}')`],
        consumer,
      );
      expect(resolved.trim()).toBe(join(dir, 'dist', 'index.js'));
    }
  });

  it.each(PACKAGES)('%s: the tarball holds the build, the README, and no tests', (p) => {
    expect(packed[p]).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']),
    );
    expect(packed[p].filter((f) => /\.test\.|test-helpers\/|__tests__\//.test(f))).toEqual([]);
  });

  it.each(PACKAGES)('%s: the README example type-checks against the installed package', (p) => {
    // Diagnostics in the example or in our own declarations; other libraries' are not ours to fix.
    const ours = new RegExp(`^(examples/${p}\\.ts|node_modules/@latentlens/${p}/)`);
    expect(typeErrors.filter((l) => ours.test(l))).toEqual([]);
  });

  it('type-checking the examples reports nothing at all', () => {
    expect(typeErrors).toEqual([]);
  });

  it.each(PACKAGES)('%s: the README example runs as plain CommonJS', async (p) => {
    await run(process.execPath, [join('examples', `${p}.cjs`)], consumer);
  });

  it.each(PACKAGES)('%s: it exports exactly the names its README lists under ## API', async (p) => {
    const dir = join(consumer, 'node_modules', '@latentlens', p);
    const runtime = (
      JSON.parse(
        await run(
          process.execPath,
          ['-p', `JSON.stringify(Object.keys(require('@latentlens/${p}')))`],
          consumer,
        ),
      ) as string[]
    ).sort();
    const declared = declarations[PACKAGES.indexOf(p)];
    const documented = readmeApiNames(readFileSync(join(dir, 'README.md'), 'utf8'));
    // What the declarations promise is what the JavaScript holds.
    expect(declared.values).toEqual(runtime);
    expect({
      documentedButNotExported: documented.filter((n) => !declared.all.includes(n)),
      exportedButNotDocumented: runtime.filter((n) => !documented.includes(n)),
    }).toEqual({ documentedButNotExported: [], exportedButNotDocumented: [] });
  });

  it('the installed `latentlens` command and the Nx plugin entry point work', async () => {
    const help = await run(
      join(consumer, 'node_modules', '.bin', 'latentlens'),
      ['--help'],
      consumer,
    );
    expect(help).toMatch(/Usage: latentlens <command>/);
    const plugin = await run(
      process.execPath,
      [
        '-p',
        `const [glob, create] = require('@latentlens/cli/nx-plugin').createNodesV2; typeof glob + ' ' + typeof create`,
      ],
      consumer,
    );
    expect(plugin.trim()).toBe('string function');
  });
});
