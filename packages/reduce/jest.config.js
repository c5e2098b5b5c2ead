/** Jest runs the TypeScript sources directly; sibling packages resolve to their src, so no build is needed. */
module.exports = require('../../jest.preset.js');
