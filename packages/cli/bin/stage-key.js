#!/usr/bin/env node
'use strict';
/**
 * Prints the part of a pipeline file that one stage depends on, as canonical JSON, for Nx to
 * hash (a `runtime` input). Plain JavaScript on purpose: Nx runs it before anything is built.
 * Usage: stage-key.js pipelines/mnist.yaml reduce.tsne
 */
const { readFileSync } = require('node:fs');
const { parse } = require('yaml');

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}

const [file, stage] = process.argv.slice(2);
let doc;
try {
  doc = parse(readFileSync(file, 'utf8'), { uniqueKeys: false, merge: true }) || {};
} catch (error) {
  // An unreadable file must still hash (the stage itself reports the error with its position).
  process.stdout.write(`unparsable:${error.message}`);
  process.exit(0);
}
const [section, name] = stage.split('.');
const slice = name === undefined ? doc[section] : (doc[section] || {})[name];
process.stdout.write(JSON.stringify(canonical({ seed: doc.seed, stage, slice })));
