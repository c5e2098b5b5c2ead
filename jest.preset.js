/**
 * Shared Jest settings for every package. ts-jest transpiles only (type checking is the build's
 * job), and `@latentlens/<pkg>` resolves to that package's sources so tests never need a build.
 */
const ESM_ONLY = [
  'hyparquet',
  'hyparquet-compressors',
  'hyparquet-writer',
  'hysnappy',
  'fzstd',
  'd3-color',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // Parquet's readers and writer, and d3-color (.mjs), are published as ES modules only: Node
    // (>= 20.19) requires them as they are, jest's CommonJS runtime needs them transpiled.
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.m?js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    '^@latentlens/([a-z]+)$': '<rootDir>/../$1/src/index.ts',
  },
  testTimeout: 120000,
};
