/**
 * The viewer's suite: unit tests of the browser app's pure modules (viewer/src) and end-to-end
 * tests that drive Debian's Chromium through playwright-core against a built app (e2e/).
 * Needs `npm run build` first (the app is read from dist/viewer-app).
 */
const preset = require('../../../jest.preset.js');

module.exports = {
  ...preset,
  rootDir: '..',
  roots: ['<rootDir>/viewer/src', '<rootDir>/e2e'],
  testTimeout: 180000,
};
