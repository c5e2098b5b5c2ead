import { float32Text } from './float32Text';

export interface MetadataColumn {
  name: string;
  values: ArrayLike<string | number>;
}

/**
 * Tabs and line breaks inside a value would split it into extra columns or rows. The projector
 * has no unescaping, so they become spaces. `\r` counts as a line break because TensorBoard's
 * server reads the file with Python's universal newlines.
 */
function singleLine(value: string | number): string {
  return String(value).replace(/\r\n|[\t\n\r]/g, ' ');
}

/**
 * NaN is written as an empty field, which the projector reads as a missing value. Values from a
 * Float32Array are written in float32's shortest form (0.1, not 0.10000000149011612).
 */
function columnTexts(values: ArrayLike<string | number>): (i: number) => string {
  const single = values instanceof Float32Array;
  return (i) => {
    const value = values[i];
    if (typeof value === 'string') return singleLine(value);
    if (Number.isNaN(value)) return '';
    return single && Number.isFinite(value) ? float32Text(value) : String(value);
  };
}

/**
 * The projector's metadata file, following its parser (vz_projector/data-provider.ts,
 * `parseMetadata`): the first line is a header exactly when it contains a tab, so a single
 * column is written without a header (the projector then calls that column "label") and several
 * columns get one. Lines that are blank after trimming are skipped by the projector, which would
 * misalign every later row, so a row with nothing but whitespace is refused.
 */
export function metadataTsv(columns: MetadataColumn[]): string {
  if (columns.length === 0) throw new RangeError('metadata needs at least one column');
  const n = columns[0].values.length;
  for (const column of columns) {
    if (column.values.length !== n) {
      throw new RangeError(`column "${column.name}" has ${column.values.length} values, "${columns[0].name}" has ${n}`);
    }
  }
  const lines: string[] = [];
  if (columns.length > 1) lines.push(columns.map((column) => singleLine(column.name)).join('\t'));
  const texts = columns.map((column) => columnTexts(column.values));
  for (let i = 0; i < n; i++) {
    const line = texts.map((text) => text(i)).join('\t');
    if (line.trim() === '') throw new RangeError(`metadata row ${i} is blank; the projector would skip it`);
    lines.push(line);
  }
  return lines.map((line) => line + '\n').join('');
}
