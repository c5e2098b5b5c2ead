#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// In a fresh checkout the TypeScript is not compiled yet: say how, instead of a stack trace.
if (!existsSync(join(__dirname, '..', 'dist', 'main.js'))) {
  console.error('latentlens: the CLI is not built yet; run `npm run build` (or `npx nx run @latentlens/cli:build`)');
  process.exit(1);
}
require('../dist/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
