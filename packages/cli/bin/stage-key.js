#!/usr/bin/env node
'use strict';
/**
 * Prints the part of a pipeline file that one stage depends on, as canonical JSON, for Nx to
 * hash (a `runtime` input). Plain JavaScript on purpose: Nx runs it before anything is built.
 * Usage: stage-key.js pipelines/mnist.yaml reduce.tsne
 */
const { createHash } = require('node:crypto');
const { readFileSync, readdirSync, realpathSync, statSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const { parse } = require('yaml');

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
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
/**
 * The files a data stage reads from the user's folders (`dir`, `files`, `labels`, a table's `path`), as SHA-256 of
 * their bytes by path relative to the folder named (the key holds one digest of them all): the YAML slice alone would not change when
 * an image is edited, added or removed. Links are followed once (a loop is not walked twice);
 * what cannot be read is named, so the stage runs and reports it.
 */
function folderInputs(slice) {
  if (!slice || typeof slice !== 'object') return [];
  const found = [];
  const add = (label, path) => {
    try {
      found.push(`${label} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    } catch (error) {
      found.push(`${label} unreadable:${error.code}`);
    }
  };
  const walk = (root, dir, seen) => {
    let real;
    try {
      real = realpathSync(dir);
    } catch (error) {
      found.push(`${relative(root, dir)}/ unreadable:${error.code}`);
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let names;
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      found.push(`${relative(root, dir)}/ unreadable:${error.code}`);
      return;
    }
    for (const entry of names) {
      const path = join(dir, entry);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        // A broken link: hashed as unreadable below.
      }
      if (isDir) walk(root, path, seen);
      else add(relative(root, path), path);
    }
  };
  if (typeof slice.dir === 'string') walk(slice.dir, slice.dir, new Set());
  for (const key of ['labels', 'path']) if (typeof slice[key] === 'string') add(key, slice[key]);
  if (slice.files && typeof slice.files === 'object')
    for (const [role, path] of Object.entries(slice.files))
      if (typeof path === 'string') add(`files.${role}`, path);
  return found;
}

/**
 * The values of a table's `image` column: the thumbnails a `source: table` pipeline decodes,
 * paths relative to the table's folder. Read with the table source's own libraries (its format
 * by `format:` or the file's extension, a CSV's delimiter by its first line, as
 * packages/data/src/sources/tableReaders.ts does).
 */
async function tableImagePaths(slice) {
  const bytes = readFileSync(slice.path);
  const name = slice.path.toLowerCase();
  const format =
    slice.format ||
    (/\.(arrow|feather|ipc|arrows)$/.test(name)
      ? 'arrow'
      : /\.(parquet|pq)$/.test(name)
        ? 'parquet'
        : 'csv');
  if (format === 'arrow') {
    const column = require('apache-arrow').tableFromIPC(bytes).getChild(slice.image);
    return column ? Array.from(column) : [];
  }
  if (format === 'parquet') {
    const { parquetReadObjects } = require('hyparquet');
    const { compressors } = require('hyparquet-compressors');
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const rows = await parquetReadObjects({ file, columns: [slice.image], compressors });
    return rows.map((row) => row[slice.image]);
  }
  const text = bytes.toString('utf8');
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const [header = [], ...rows] = require('csv-parse/sync').parse(text, {
    delimiter,
    skip_empty_lines: true,
    bom: true,
    relax_column_count: true,
  });
  const c = header.map((h) => h.trim()).indexOf(slice.image);
  return c < 0 ? [] : rows.map((row) => row[c]);
}

/**
 * The image files a table pipeline's thumbnails come from, hashed as the folder's files are:
 * editing one must invalidate the data stage, though neither the YAML nor the table changes.
 */
async function tableImageInputs(slice) {
  if (!slice || slice.source !== 'table' || typeof slice.image !== 'string') return [];
  if (typeof slice.path !== 'string') return [];
  let paths;
  try {
    paths = await tableImagePaths(slice);
  } catch (error) {
    // The stage reports what is wrong with the table; the key only has to be stable.
    return [`image column unreadable:${error.code || error.message}`];
  }
  const found = [];
  for (const path of paths) {
    if (typeof path !== 'string' || path === '') continue;
    try {
      const digest = createHash('sha256')
        .update(readFileSync(resolve(dirname(slice.path), path)))
        .digest('hex');
      found.push(`image ${path} ${digest}`);
    } catch (error) {
      found.push(`image ${path} unreadable:${error.code}`);
    }
  }
  return found;
}

async function main() {
  const [section, name] = stage.split('.');
  const slice = name === undefined ? doc[section] : (doc[section] || {})[name];
  const key = { seed: doc.seed, stage, slice };
  if (section === 'data') {
    const inputs = [...folderInputs(slice), ...(await tableImageInputs(slice))];
    if (inputs.length > 0)
      key.inputs = {
        files: inputs.length,
        sha256: createHash('sha256').update(inputs.join('\n')).digest('hex'),
      };
  }
  process.stdout.write(JSON.stringify(canonical(key)));
}

main();
