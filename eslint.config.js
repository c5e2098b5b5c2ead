// Flat config: typescript-eslint's recommended rules for every package's sources.
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'artifacts/**', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // The layering, as rules (docs/ARCHITECTURE.md): packages depend one way only,
  // cli → model, reduce, export → data; and a core is pure (typed arrays and plain objects in and
  // out: no files, no processes, no threads).
  ...['data', 'model', 'reduce', 'export'].flatMap((pkg) => {
    const layering = {
      group: ['@latentlens/*', ...(pkg === 'data' ? [] : ['!@latentlens/data'])],
      message: `@latentlens/${pkg} may import @latentlens/data only (cli → model, reduce, export → data)`,
    };
    const impure = ['fs', 'fs/promises', 'child_process', 'worker_threads', 'process']
      .flatMap((m) => [m, `node:${m}`])
      .map((name) => ({
        name,
        message: 'a core is pure: files, processes and threads belong in stage/ or parallel/',
      }));
    return [
      {
        files: [`packages/${pkg}/src/**/*.ts`],
        rules: { 'no-restricted-imports': ['error', { patterns: [layering] }] },
      },
      {
        files: [`packages/${pkg}/src/core/**/*.ts`],
        ignores: ['**/*.test.ts', '**/test-helpers/**'],
        rules: {
          'no-restricted-imports': ['error', { paths: impure, patterns: [layering] }],
          'no-restricted-globals': [
            'error',
            {
              name: 'process',
              message: 'a core is pure: read settings in the stage adapter and pass them in',
            },
          ],
        },
      },
    ];
  }),
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
