import { DataType, Table, tableFromIPC } from 'apache-arrow';
import { RefusedInput } from '../io/refusedInput';

/**
 * A table as the table source sees it, whatever file it came from: its columns in file order,
 * each numbers (NaN for missing), text (null for missing), lists of numbers (one per row, null
 * for missing), or something else it can only name.
 */
export type TableColumn =
  | { name: string; kind: 'number'; values: Float64Array; integer: boolean }
  | { name: string; kind: 'text'; values: (string | null)[] }
  | { name: string; kind: 'vectors'; values: (ArrayLike<number> | null)[] }
  | { name: string; kind: 'other'; type: string; values: { length: number } };

export interface ReadTable {
  rows: number;
  columns: TableColumn[];
}

export type TableFormat = 'arrow' | 'parquet' | 'csv' | 'npy';

/** The format a file's name says. */
export function formatOfPath(path: string): TableFormat | undefined {
  const name = path.toLowerCase();
  if (/\.(arrow|feather|ipc|arrows)$/.test(name)) return 'arrow';
  if (/\.(parquet|pq)$/.test(name)) return 'parquet';
  if (/\.(csv|tsv|txt)$/.test(name)) return 'csv';
  if (name.endsWith('.npy')) return 'npy';
  return undefined;
}

const FORMAT_NAMES: Record<TableFormat, string> = {
  arrow: 'an Arrow IPC (Feather v2) file',
  parquet: 'a Parquet file',
  csv: 'a CSV file',
  npy: 'a NumPy .npy file',
};

function notFormat(path: string, format: TableFormat, why: string): RefusedInput {
  return new RefusedInput(
    `${path}: not ${FORMAT_NAMES[format]} (${why}); check the file, or set format: to what it is`,
  );
}

function startsWith(bytes: Uint8Array, text: string, at = 0): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Reads `bytes` (the file at `path`) as `format`. */
export async function readTable(
  bytes: Uint8Array,
  path: string,
  format: TableFormat,
): Promise<ReadTable> {
  switch (format) {
    case 'arrow':
      return readArrowTable(bytes, path);
    case 'parquet':
      return readParquetTable(bytes, path);
    case 'csv':
      return readCsvTable(bytes, path);
    case 'npy':
      return readNpyTable(bytes, path);
  }
}

// --- Arrow IPC: apache-arrow, the project's own Arrow library ---

function arrowTable(bytes: Uint8Array, path: string): Table {
  // The file format starts with ARROW1; the stream format with a continuation marker 0xFFFFFFFF
  // (or, before Arrow 0.15, a message length). apache-arrow reads any bytes as *some* table, so
  // the magic is checked first.
  const file = startsWith(bytes, 'ARROW1');
  const stream = bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff;
  if (!file && !stream) throw notFormat(path, 'arrow', 'it does not start with ARROW1');
  if (file && !startsWith(bytes, 'ARROW1', bytes.length - 6))
    throw notFormat(path, 'arrow', 'it is cut short: no ARROW1 at its end');
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw notFormat(path, 'arrow', (error as Error).message.split('\n')[0]);
  }
}

function isNumeric(type: DataType): boolean {
  return DataType.isInt(type) || DataType.isFloat(type);
}

function isTextType(type: DataType): boolean {
  return (
    DataType.isUtf8(type) ||
    DataType.isLargeUtf8(type) ||
    (DataType.isDictionary(type) && isTextType(type.dictionary))
  );
}

function readArrowTable(bytes: Uint8Array, path: string): ReadTable {
  const table = arrowTable(bytes, path);
  const columns = table.schema.fields.map((field): TableColumn => {
    const vector = table.getChild(field.name)!;
    const n = vector.length;
    const type = field.type;
    if (isNumeric(type)) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = vector.get(i) as number | bigint | null;
        values[i] = v === null ? NaN : Number(v);
      }
      return { name: field.name, kind: 'number', values, integer: DataType.isInt(type) };
    }
    if (isTextType(type)) {
      const values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) values[i] = (vector.get(i) as string | null) ?? null;
      return { name: field.name, kind: 'text', values };
    }
    if (
      (DataType.isList(type) || DataType.isFixedSizeList(type)) &&
      isNumeric(type.children[0].type)
    ) {
      const values = new Array<ArrayLike<number> | null>(n);
      for (let i = 0; i < n; i++) {
        const row = vector.get(i) as { toArray(): ArrayLike<number | bigint> } | null;
        values[i] = row === null ? null : Array.from(row.toArray(), Number);
      }
      return { name: field.name, kind: 'vectors', values };
    }
    return { name: field.name, kind: 'other', type: String(type), values: { length: n } };
  });
  return { rows: table.numRows, columns };
}

// --- Parquet: hyparquet (pure JavaScript) with hyparquet-compressors (zstd, gzip, brotli, lz4) ---

type Hyparquet = typeof import('hyparquet');
type Compressors = typeof import('hyparquet-compressors');

/**
 * hyparquet is published as ES modules only. Node ≥ 20.19 loads them with `require`; the jest
 * preset transforms them (`jest.preset.js`). Loaded on first use, like sharp.
 */
function hyparquet(): { read: Hyparquet; compressors: Compressors['compressors'] } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    read: require('hyparquet') as Hyparquet,
    compressors: (require('hyparquet-compressors') as Compressors).compressors,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** A cell of a Parquet column as hyparquet decodes it. */
type ParquetCell = number | bigint | string | boolean | null | undefined | unknown[] | object;

function parquetColumn(name: string, cells: ParquetCell[]): TableColumn {
  const present = cells.filter((c) => c !== null && c !== undefined);
  const n = cells.length;
  if (present.every((c) => typeof c === 'number' || typeof c === 'bigint')) {
    const values = new Float64Array(n);
    cells.forEach((c, i) => (values[i] = c === null || c === undefined ? NaN : Number(c)));
    const integer = present.every((c) => typeof c === 'bigint' || Number.isInteger(c));
    return { name, kind: 'number', values, integer };
  }
  if (present.every((c) => typeof c === 'string'))
    return { name, kind: 'text', values: cells.map((c) => (c ?? null) as string | null) };
  if (present.every((c) => Array.isArray(c) || ArrayBuffer.isView(c)))
    return {
      name,
      kind: 'vectors',
      values: cells.map((c) =>
        c === null || c === undefined
          ? null
          : Array.from(c as ArrayLike<number | bigint | null>, (v) =>
              v === null ? NaN : Number(v),
            ),
      ),
    };
  const sample = present.find((c) => typeof c !== 'number' && typeof c !== 'string');
  return { name, kind: 'other', type: typeof sample, values: { length: n } };
}

async function readParquetTable(bytes: Uint8Array, path: string): Promise<ReadTable> {
  if (
    bytes.length < 12 ||
    !startsWith(bytes, 'PAR1') ||
    !startsWith(bytes, 'PAR1', bytes.length - 4)
  )
    throw notFormat(path, 'parquet', 'it does not start and end with PAR1');
  const { read, compressors } = hyparquet();
  const file = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  try {
    const metadata = read.parquetMetadata(file);
    const names = read.parquetSchema(metadata).children.map((c) => c.element.name);
    const rows = Number(metadata.num_rows);
    const cells: ParquetCell[][] = names.map(() => new Array(rows));
    await read.parquetRead({
      file,
      metadata,
      compressors,
      rowFormat: 'array',
      onComplete: (data: ParquetCell[][]) =>
        data.forEach((row, r) => row.forEach((cell, c) => (cells[c][r] = cell))),
    });
    return { rows, columns: names.map((name, c) => parquetColumn(name, cells[c])) };
  } catch (error) {
    throw notFormat(path, 'parquet', (error as Error).message.split('\n')[0]);
  }
}

// --- CSV: csv-parse ---

const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A']);

/** A number as a CSV cell writes it ('' and NA-like cells are missing); undefined if it is not one. */
function csvNumber(cell: string): number | undefined {
  const t = cell.trim();
  if (MISSING.has(t)) return NaN;
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  const v = Number(t);
  return t !== '' && !Number.isNaN(v) ? v : undefined;
}

/** A vector written in one cell: `[0.1, 0.2]` (JSON, pandas) or `[0.1 0.2]` (numpy's str). */
function csvVector(cell: string): number[] | undefined {
  const t = cell.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const inner = t.slice(1, -1).trim();
  if (inner === '') return [];
  const parts = inner.split(/[\s,]+/).filter((p) => p !== '');
  return parts.map((p) => csvNumber(p) ?? NaN);
}

function csvColumn(name: string, cells: string[]): TableColumn {
  const n = cells.length;
  const present = cells.filter((c) => !MISSING.has(c.trim()));
  if (present.length > 0 && present.every((c) => csvVector(c) !== undefined))
    return {
      name,
      kind: 'vectors',
      values: cells.map((c) => (MISSING.has(c.trim()) ? null : csvVector(c)!)),
    };
  const numbers = new Float64Array(n);
  let numeric = true;
  for (let i = 0; i < n && numeric; i++) {
    const v = csvNumber(cells[i]);
    if (v === undefined) numeric = false;
    else numbers[i] = v;
  }
  if (numeric && present.length > 0)
    return {
      name,
      kind: 'number',
      values: numbers,
      integer: numbers.every((v) => Number.isNaN(v) || Number.isInteger(v)),
    };
  return { name, kind: 'text', values: cells.map((c) => (MISSING.has(c.trim()) ? null : c)) };
}

function readCsvTable(bytes: Uint8Array, path: string): ReadTable {
  if (bytes.includes(0)) throw notFormat(path, 'csv', 'it holds NUL bytes, so it is not text');
  const text = new TextDecoder('utf-8').decode(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  // A tab-separated file says so in its first line; otherwise commas.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('csv-parse/sync') as typeof import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(text, { delimiter, skip_empty_lines: true, bom: true });
  } catch (error) {
    const e = error as Error & { lines?: number; code?: string };
    if (
      e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ||
      e.code === 'CSV_RECORD_INCONSISTENT_COLUMNS'
    )
      throw new RefusedInput(
        `${path}:${e.lines}: this row has a different number of fields than the header (${e.message.replace(/^Invalid Record Length: /, '')}); make every row as long as the header`,
      );
    throw new RefusedInput(`${path}:${e.lines ?? '?'}: ${e.message}; fix the CSV`);
  }
  if (records.length === 0) return { rows: 0, columns: [] };
  const header = records[0].map((h) => h.trim());
  const body = records.slice(1);
  return {
    rows: body.length,
    columns: header.map((name, c) =>
      csvColumn(
        name,
        body.map((r) => r[c]),
      ),
    ),
  };
}

// --- NumPy .npy: npyjs ---

function readNpyTable(bytes: Uint8Array, path: string): ReadTable {
  if (!(bytes[0] === 0x93 && startsWith(bytes, 'NUMPY', 1)))
    throw notFormat(path, 'npy', 'it does not start with \\x93NUMPY');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('npyjs') as typeof import('npyjs');
  let array: ReturnType<typeof parse>;
  try {
    array = parse(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch (error) {
    throw notFormat(path, 'npy', (error as Error).message);
  }
  const { shape, data, fortranOrder, dtype } = array;
  const rows = shape[0] ?? 0;
  const name = 'vector';
  if (shape.length === 1) {
    if (dtype.startsWith('U'))
      return {
        rows,
        columns: [{ name, kind: 'text', values: Array.from(data as unknown as string[]) }],
      };
    const values = Float64Array.from(data as unknown as ArrayLike<number>, Number);
    const integer = /^[iu]/.test(dtype);
    return { rows, columns: [{ name, kind: 'number', values, integer }] };
  }
  if (shape.length !== 2 || dtype.startsWith('U') || dtype.startsWith('c'))
    throw new RefusedInput(
      `${path}: a ${shape.join('×')} array of ${dtype}; the table source reads a 2-D array of numbers (rows × dimensions)`,
    );
  const d = shape[1];
  const flat = data as unknown as ArrayLike<number | bigint>;
  const values = new Array<ArrayLike<number>>(rows);
  for (let r = 0; r < rows; r++) {
    const row = new Float64Array(d);
    // Fortran order stores column after column.
    for (let j = 0; j < d; j++) row[j] = Number(flat[fortranOrder ? j * rows + r : r * d + j]);
    values[r] = row;
  }
  return { rows, columns: [{ name, kind: 'vectors', values }] };
}
