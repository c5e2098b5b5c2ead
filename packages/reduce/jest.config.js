/**
 * Jest runs the TypeScript sources directly; sibling packages resolve to their src, so no build is
 * needed. reduce's WebAssembly kernels are compiled from their text (.wat) into generated,
 * uncommitted modules, so the packages whose tests run reduce's sources (reduce, cli) make them first.
 */
module.exports = {
  ...require('../../jest.preset.js'),
  globalSetup: '<rootDir>/../reduce/scripts/wasm.js',
};
