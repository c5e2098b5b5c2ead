import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputRecord } from '../contracts/metadata';
import { MetadataColumn } from '../contracts/metadataColumns';
import { stratifiedSplit } from '../core/select';
import { sha256Hex } from '../io/atomic';
import { RefusedInput } from '../io/refusedInput';
import { ObjectOf, anyOf, bool, field, list, oneOf, str } from '../options/schema';
import { Geometry, decodeInto } from './imageDecode';
import { IMAGES_OPTIONS, IMAGE_DEFAULTS, geometryOf } from './images';
import { ReadTable, TableColumn, TableFormat, formatOfPath, readTable } from './tableReaders';
import { LoadedSource, SourceContext } from './types';

const columnName = str;

/**
 * The options of the table source, as `data:` keys. `labels`, `size`, `channels`, `fit`,
 * `background`, `test` and `onError` are the images source's own fields (one key, one field:
 * the data section holds each once): for a table, `labels` is a file of one label per row beside
 * a .npy, `onError: skip` leaves out rows whose vector is missing or not finite, and the image
 * settings apply to the thumbnails of the `image` column.
 */
export const TABLE_OPTIONS = {
  path: field(
    str,
    undefined,
    'table: the file of vectors: .arrow/.feather (Arrow IPC), .parquet, .csv/.tsv, .npy',
  ),
  format: field(
    oneOf('arrow', 'parquet', 'csv', 'npy'),
    undefined,
    "table: the file's format (default: by its extension)",
  ),
  vector: field(
    anyOf('a column name, or a list of names', columnName, list(columnName, 1)),
    undefined,
    'table: the vector column (a list column), or numeric columns: a list of names, or a prefix such as "x*" (default: the one list column)',
  ),
  standardize: field(
    bool,
    undefined,
    'table: centre each dimension and divide it by its standard deviation, for measurements in different units (default false: embeddings are used as they are)',
  ),
  id: field(
    columnName,
    undefined,
    'table: column of whole-number ids (default: a column "id", else the row number)',
  ),
  label: field(
    columnName,
    undefined,
    'table: column of classes, text or whole numbers (default: a column "label", else one class)',
  ),
  metadata: field(
    list(columnName),
    undefined,
    'table: columns carried to metadata.tsv, the viewer and the report (default: every other text or number column)',
  ),
  image: field(
    columnName,
    undefined,
    "table: column of image paths, relative to the table's folder, shown as thumbnails (size, channels, fit, background as for images)",
  ),
  labels: IMAGES_OPTIONS.labels,
  size: IMAGES_OPTIONS.size,
  channels: IMAGES_OPTIONS.channels,
  fit: IMAGES_OPTIONS.fit,
  background: IMAGES_OPTIONS.background,
  test: IMAGES_OPTIONS.test,
  onError: IMAGES_OPTIONS.onError,
};
export type TableSourceOptions = ObjectOf<typeof TABLE_OPTIONS>;

/** Code-unit order: the same on every machine, whatever the locale. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Names the contracts write themselves: never carried as metadata by default. */
const RESERVED = new Set(['id', 'split', 'label', 'pixels', 'embedding', 'reconstructionError']);

function columnOf(table: ReadTable, name: string, file: string, option: string): TableColumn {
  const found = table.columns.find((c) => c.name === name);
  if (!found)
    throw new RefusedInput(
      `${file}: no column "${name}" (${option}: names it; the columns are ${table.columns.map((c) => c.name).join(', ')})`,
    );
  return found;
}

/** A column's cell as a person would write it, for messages. */
function cellText(column: TableColumn, row: number): string {
  const v = column.values as ArrayLike<unknown>;
  return column.kind === 'other' ? `a ${column.type}` : JSON.stringify(v[row] ?? null);
}

/** The first row where a column meant to hold numbers does not, for the one-line message. */
function notNumbers(column: TableColumn, file: string, option: string): RefusedInput {
  if (column.kind === 'text') {
    const row = column.values.findIndex((v) => v !== null && Number.isNaN(Number(v)));
    return new RefusedInput(
      `${file}: row ${row + 1}, column "${column.name}": ${cellText(column, row)} is not a number; ${option} must name numeric columns`,
    );
  }
  return new RefusedInput(
    `${file}: column "${column.name}" holds ${column.kind === 'other' ? column.type : column.kind}, not numbers; ${option} must name ${option === 'vector' ? 'a list column or numeric columns' : 'a numeric column'}`,
  );
}

/** The columns `vector:` names: one list column, or numeric columns (names or `prefix*`). */
function vectorColumns(table: ReadTable, vector: string | string[] | undefined, file: string) {
  if (vector === undefined) {
    const lists = table.columns.filter((c) => c.kind === 'vectors');
    if (lists.length === 1) return [lists[0]];
    throw new RefusedInput(
      `${file}: ${lists.length ? `${lists.length} list columns (${lists.map((c) => c.name).join(', ')})` : 'no list column'}; name the vectors with vector: (a list column, or numeric columns such as "x*")`,
    );
  }
  const patterns = typeof vector === 'string' ? [vector] : vector;
  const columns = patterns.flatMap((p) => {
    if (!p.endsWith('*')) return [columnOf(table, p, file, 'vector')];
    const prefix = p.slice(0, -1);
    const matched = table.columns.filter((c) => c.name.startsWith(prefix));
    if (matched.length === 0)
      throw new RefusedInput(
        `${file}: no column starts with "${prefix}" (vector: "${p}"); the columns are ${table.columns.map((c) => c.name).join(', ')}`,
      );
    return matched;
  });
  if (columns.length === 1 && columns[0].kind === 'vectors') return columns;
  for (const c of columns) if (c.kind !== 'number') throw notNumbers(c, file, 'vector');
  return columns;
}

/**
 * The vectors as one Float32Array, row by row, with the rows whose vector is missing or not
 * finite (refused, or listed for onError: skip).
 */
function gatherVectors(
  columns: TableColumn[],
  rows: number,
  file: string,
): { values: Float32Array; dim: number; bad: Map<number, string> } {
  const bad = new Map<number, string>();
  if (columns.length === 1 && columns[0].kind === 'vectors') {
    const { name, values: lists } = columns[0];
    const first = lists.findIndex((v) => v !== null);
    const dim = first < 0 ? 0 : lists[first]!.length;
    if (dim === 0)
      throw new RefusedInput(
        `${file}: column "${name}" holds no vectors (empty lists or missing); name the right column with vector:`,
      );
    const values = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) {
      const v = lists[r];
      if (v === null) {
        bad.set(r, `row ${r + 1}, column "${name}": no vector (missing)`);
        continue;
      }
      if (v.length !== dim)
        throw new RefusedInput(
          `${file}: row ${r + 1}, column "${name}": a vector of ${v.length} values, row ${first + 1}'s has ${dim}; every vector must have the same length`,
        );
      for (let j = 0; j < dim; j++) {
        if (!Number.isFinite(v[j]) && !bad.has(r))
          bad.set(r, `row ${r + 1}, column "${name}": value ${j + 1} is ${v[j]}`);
        values[r * dim + j] = v[j];
      }
    }
    return { values, dim, bad };
  }
  const dim = columns.length;
  const values = new Float32Array(rows * dim);
  columns.forEach((c, j) => {
    const col = (c as Extract<TableColumn, { kind: 'number' }>).values;
    for (let r = 0; r < rows; r++) {
      if (!Number.isFinite(col[r]) && !bad.has(r))
        bad.set(
          r,
          `row ${r + 1}, column "${c.name}": ${Number.isNaN(col[r]) ? 'missing (NaN)' : col[r]}`,
        );
      values[r * dim + j] = col[r];
    }
  });
  return { values, dim, bad };
}

/** Whole-number ids from a column, each used once. */
function readIds(column: TableColumn, file: string): Int32Array {
  if (column.kind !== 'number') throw notNumbers(column, file, 'id');
  const ids = new Int32Array(column.values.length);
  const seen = new Map<number, number>();
  column.values.forEach((v, r) => {
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
      throw new RefusedInput(
        `${file}: row ${r + 1}, column "${column.name}": id ${v} is not a whole number that fits in 32 bits; fix it, or leave id: out to number the rows`,
      );
    const before = seen.get(v);
    if (before !== undefined)
      throw new RefusedInput(
        `${file}: row ${r + 1}, column "${column.name}": id ${v} again (first on row ${before + 1}); ids must be unique`,
      );
    seen.set(v, r);
    ids[r] = v;
  });
  return ids;
}

/** Classes from a text or whole-number column: text sorted by code unit, numbers by value. */
function readLabels(
  column: TableColumn | undefined,
  rows: number,
  file: string,
): { labels: Uint8Array; classNames: string[] } {
  if (!column) return { labels: new Uint8Array(rows), classNames: ['all'] };
  let names: string[];
  let classNames: string[];
  if (column.kind === 'text') {
    names = column.values.map((v) => v ?? '(missing)');
    classNames = [...new Set(names)].sort(byCodeUnits);
  } else if (column.kind === 'number' && column.integer) {
    names = Array.from(column.values, (v) => (Number.isNaN(v) ? '(missing)' : String(v)));
    const numbers = [...new Set(column.values)].sort((a, b) => a - b);
    classNames = numbers.map((v) => (Number.isNaN(v) ? '(missing)' : String(v)));
  } else {
    throw new RefusedInput(
      `${file}: column "${column.name}" holds ${column.kind === 'number' ? 'fractional numbers' : column.kind}; label: must name a column of text or whole numbers`,
    );
  }
  if (classNames.length > 256)
    throw new RefusedInput(
      `${file}: column "${column.name}" has ${classNames.length} classes, at most 256 are supported; choose another label: column`,
    );
  const classOf = new Map(classNames.map((name, i) => [name, i]));
  return { labels: Uint8Array.from(names, (n) => classOf.get(n)!), classNames };
}

/** The metadata columns: the ones named, or every other text or number column. */
function metadataColumns(
  table: ReadTable,
  named: string[] | undefined,
  used: Set<string>,
  file: string,
  log: (line: string) => void,
): MetadataColumn[] {
  const chosen = named
    ? named.map((name) => columnOf(table, name, file, 'metadata'))
    : table.columns.filter((c) => !used.has(c.name));
  const out: MetadataColumn[] = [];
  const left: string[] = [];
  for (const c of chosen) {
    if (!named && (RESERVED.has(c.name) || c.kind === 'vectors' || c.kind === 'other')) {
      left.push(c.name);
      continue;
    }
    if (c.kind === 'number') out.push({ name: c.name, kind: 'number', values: c.values });
    else if (c.kind === 'text')
      out.push({ name: c.name, kind: 'text', values: c.values.map((v) => v ?? '') });
    else
      throw new RefusedInput(
        `${file}: column "${c.name}" holds ${c.kind === 'other' ? c.type : 'lists'}; metadata: columns must hold text or numbers`,
      );
  }
  if (left.length)
    log(
      `${file}: not carried as metadata: ${left.join(', ')} (lists, or names latentlens writes itself)`,
    );
  return out;
}

/** A second file of one label per row beside a .npy of vectors (a .npy, or a CSV with a header). */
async function labelsTable(path: string): Promise<{ table: ReadTable; input: InputRecord }> {
  const bytes = await readBytes(path, 'labels');
  const format = formatOfPath(path);
  if (format !== 'npy' && format !== 'csv')
    throw new RefusedInput(`${path}: labels: must be a .npy or .csv file of one label per row`);
  return { table: await readTable(bytes, path, format), input: { path, sha256: sha256Hex(bytes) } };
}

async function readBytes(path: string, option: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new RefusedInput(
      `${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix ${option}:`,
    );
  }
}

/** Thumbnails from the image column: paths relative to the table's folder, decoded as the images source does. */
async function thumbnails(
  column: TableColumn,
  rows: number,
  base: string,
  options: TableSourceOptions,
  file: string,
  inputs: InputRecord[],
): Promise<{ pixels: Uint8Array; g: Geometry }> {
  if (column.kind !== 'text')
    throw new RefusedInput(
      `${file}: column "${column.name}" does not hold paths (text); fix image:`,
    );
  const g = geometryOf(options);
  const per = g.height * g.width * g.channels;
  const pixels = new Uint8Array(rows * per);
  for (let r = 0; r < rows; r++) {
    const relative = column.values[r];
    if (!relative)
      throw new RefusedInput(
        `${file}: row ${r + 1}, column "${column.name}": no image path; give one for every row`,
      );
    const path = resolve(base, relative);
    const bytes = await readBytes(path, `row ${r + 1} of column "${column.name}" in ${file}`);
    try {
      await decodeInto(Buffer.from(bytes), g, pixels.subarray(r * per, (r + 1) * per));
    } catch (error) {
      throw new RefusedInput(
        `${path}: row ${r + 1} of ${file}: not an image that can be decoded (${(error as Error).message.split('\n')[0]}); replace it or fix the path`,
      );
    }
    inputs.push({ path, sha256: sha256Hex(bytes) });
  }
  return { pixels, g };
}

/**
 * Each dimension centred and divided by its standard deviation (over every row, in float64),
 * so that millimetres and grams weigh alike in distances. A constant dimension is refused: it
 * carries nothing and cannot be scaled.
 */
function standardized(values: Float32Array, dim: number, file: string): Float32Array {
  const n = values.length / dim;
  const out = new Float32Array(values.length);
  for (let j = 0; j < dim; j++) {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += values[r * dim + j];
    const mean = sum / n;
    let squares = 0;
    for (let r = 0; r < n; r++) squares += (values[r * dim + j] - mean) ** 2;
    const sd = Math.sqrt(squares / n);
    if (!(sd > 0))
      throw new RefusedInput(
        `${file}: dimension ${j + 1} of the vectors is the same on every row; leave it out of vector:, or set standardize: false`,
      );
    for (let r = 0; r < n; r++) out[r * dim + j] = (values[r * dim + j] - mean) / sd;
  }
  return out;
}

/**
 * A table of vectors the user already has (from CLIP, a sentence model, another pipeline):
 * the vectors become `embeddings.arrow` (the data stage writes it), the rest a dataset without
 * images (or with thumbnails from an image column): ids, classes, a stratified split by seed,
 * and metadata columns.
 */
export async function loadTable(
  options: TableSourceOptions,
  ctx: SourceContext,
): Promise<LoadedSource> {
  const file = options.path;
  if (!file) throw new RefusedInput('table source: give "path", the file of your vectors');
  const format: TableFormat | undefined = options.format ?? formatOfPath(file);
  if (!format)
    throw new RefusedInput(
      `${file}: the extension does not say the format; set format: arrow, parquet, csv or npy`,
    );
  ctx.progress.phase(`read ${format} table`);
  const bytes = await readBytes(file, 'path');
  const table = await readTable(bytes, file, format);
  const inputs: InputRecord[] = [{ path: file, sha256: sha256Hex(bytes) }];
  if (options.labels) {
    const extra = await labelsTable(options.labels);
    if (extra.table.rows !== table.rows)
      throw new RefusedInput(
        `${options.labels}: ${extra.table.rows} labels for the ${table.rows} rows of ${file}; give one label per row`,
      );
    inputs.push(extra.input);
    for (const c of extra.table.columns)
      table.columns.push({ ...c, name: extra.table.columns.length === 1 ? 'label' : c.name });
  }
  if (table.rows === 0)
    throw new RefusedInput(`${file}: the table has no rows; give a file with some`);

  const vectors = vectorColumns(table, options.vector, file);
  const idName = options.id ?? (table.columns.some((c) => c.name === 'id') ? 'id' : undefined);
  const labelName =
    options.label ?? (table.columns.some((c) => c.name === 'label') ? 'label' : undefined);
  const imageColumn = options.image ? columnOf(table, options.image, file, 'image') : undefined;
  const idColumn = idName ? columnOf(table, idName, file, 'id') : undefined;
  const labelColumn = labelName ? columnOf(table, labelName, file, 'label') : undefined;

  const gathered = gatherVectors(vectors, table.rows, file);
  const skip = (options.onError ?? IMAGE_DEFAULTS.onError) === 'skip';
  const skipped = [...gathered.bad.entries()].sort((a, b) => a[0] - b[0]);
  if (skipped.length && !skip)
    throw new RefusedInput(
      `${file}: ${skipped[0][1]}; vectors must be finite numbers: fix the row, or set onError: skip to leave such rows out`,
    );
  const ids = idColumn
    ? readIds(idColumn, file)
    : Int32Array.from({ length: table.rows }, (_, i) => i);
  const { labels, classNames } = readLabels(labelColumn, table.rows, file);
  const used = new Set(
    [...vectors, idColumn, labelColumn, imageColumn].filter((c) => c).map((c) => c!.name),
  );
  const columns = metadataColumns(table, options.metadata, used, file, (l) => ctx.progress.log(l));
  let images: { pixels: Uint8Array; g: Geometry } | undefined;
  if (imageColumn) {
    ctx.progress.phase('decode thumbnails', table.rows);
    images = await thumbnails(imageColumn, table.rows, dirname(file), options, file, inputs);
  }

  // Rows left out (onError: skip) are dropped from every column at once.
  const keep = Int32Array.from({ length: table.rows }, (_, i) => i).filter(
    (r) => !gathered.bad.has(r),
  );
  if (keep.length === 0)
    throw new RefusedInput(
      `${file}: every row's vector is missing or not finite; see the warning above`,
    );
  if (skipped.length)
    ctx.progress.log(
      `warning: ${skipped.length} row(s) of ${file} skipped (onError: skip): ${skipped.map(([, why]) => why).join('; ')}`,
    );
  const pick = <A extends { length: number }>(values: A, per = 1): A => {
    if (keep.length === table.rows) return values;
    const out = new (values.constructor as new (n: number) => A)(keep.length * per);
    keep.forEach((r, i) => {
      for (let j = 0; j < per; j++)
        (out as unknown as number[])[i * per + j] = (values as unknown as number[])[r * per + j];
    });
    return out;
  };
  const keptLabels = pick(labels);
  const per = images ? images.g.height * images.g.width * images.g.channels : 0;
  return {
    dataset: {
      ids: pick(ids),
      splits: stratifiedSplit(keptLabels, options.test ?? IMAGE_DEFAULTS.test, ctx.seed),
      labels: keptLabels,
      pixels: images ? pick(images.pixels, per) : new Uint8Array(0),
      rows: images?.g.height ?? 0,
      cols: images?.g.width ?? 0,
      ...(images && images.g.channels !== 1 && { channels: images.g.channels }),
      classNames,
      source: 'table',
      ...(columns.length > 0 && {
        columns: columns.map((c) =>
          c.kind === 'number'
            ? { ...c, values: pick(c.values) }
            : {
                ...c,
                values:
                  keep.length === table.rows ? c.values : Array.from(keep, (r) => c.values[r]),
              },
        ),
      }),
    },
    vectors: {
      values: options.standardize
        ? standardized(pick(gathered.values, gathered.dim), gathered.dim, file)
        : pick(gathered.values, gathered.dim),
      dim: gathered.dim,
    },
    inputs,
    ...(skipped.length > 0 && {
      skipped: skipped.map(([r, reason]) => ({ path: `${file}#row${r + 1}`, reason })),
    }),
  };
}
