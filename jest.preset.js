/**
 * Shared Jest settings for every package. ts-jest transpiles only (type checking is the build's
 * job), and `@latentlens/<pkg>` resolves to that package's sources so tests never need a build.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@latentlens/([a-z]+)$': '<rootDir>/../$1/src/index.ts',
  },
  testTimeout: 120000,
};
