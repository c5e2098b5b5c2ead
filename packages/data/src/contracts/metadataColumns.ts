import {
  Data,
  DataType,
  Dictionary,
  Float64,
  Int32,
  Table,
  Utf8,
  makeData,
  vectorFromArray,
} from 'apache-arrow';
import { RefusedInput } from '../io/refusedInput';

/**
 * A column a source carries beside the ones every stage needs (id, split, label, pixels): the
 * image's `path`, its `category`, or any column of a user's table. Stages do not compute with
 * them; they travel to the people looking — `metadata.tsv`, the viewer (colour and search by
 * any column) and the report.
 *
 * Text is stored as Dictionary<Int32, Utf8> (a category column repeats few values), numbers as
 * Float64 with NaN for a missing value, so every Arrow reader opens them as what they are.
 */
export type MetadataColumn =
  | { name: string; kind: 'text'; values: string[] }
  | { name: string; kind: 'number'; values: Float64Array };

/** Names the contracts use themselves; a metadata column may not take one. */
const RESERVED = new Set(['id', 'split', 'label', 'pixels', 'embedding', 'reconstructionError']);

/**
 * Refuses columns that could not travel as they are: a reserved or repeated name, or a length
 * other than the row count. `where` names the file or source the columns came from.
 */
export function checkMetadataColumns(columns: MetadataColumn[], rows: number, where: string): void {
  const seen = new Set<string>();
  for (const column of columns) {
    if (RESERVED.has(column.name))
      throw new RefusedInput(
        `${where}: metadata column "${column.name}" has the name of a column latentlens writes itself; rename it`,
      );
    if (seen.has(column.name))
      throw new RefusedInput(`${where}: metadata column "${column.name}" is named twice; keep one`);
    seen.add(column.name);
    if (column.values.length !== rows)
      throw new Error(
        `${where}: metadata column "${column.name}" has ${column.values.length} values for ${rows} rows`,
      );
  }
}

/**
 * The column's Arrow data. `dictionaryId` must differ from every other dictionary in the file
 * (the split column's is 0): Arrow refuses a schema where two dictionaries share an id.
 */
export function metadataColumnData(column: MetadataColumn, dictionaryId: number): Data {
  if (column.kind === 'number')
    return makeData({
      type: new Float64(),
      length: column.values.length,
      nullCount: 0,
      data: column.values,
    });
  // vectorFromArray builds the dictionary in order of first appearance: the same rows give the
  // same bytes.
  return vectorFromArray(column.values, new Dictionary(new Utf8(), new Int32(), dictionaryId))
    .data[0];
}

/** The metadata columns of a table: every column whose name `known` does not claim. */
export function readMetadataColumns(
  table: Table,
  known: ReadonlySet<string>,
  file: string,
): MetadataColumn[] {
  const out: MetadataColumn[] = [];
  for (const field of table.schema.fields) {
    if (known.has(field.name)) continue;
    const vector = table.getChild(field.name)!;
    if (isText(field.type)) {
      const values = new Array<string>(vector.length);
      for (let i = 0; i < vector.length; i++) values[i] = (vector.get(i) as string | null) ?? '';
      out.push({ name: field.name, kind: 'text', values });
    } else if (DataType.isInt(field.type) || DataType.isFloat(field.type)) {
      const values = new Float64Array(vector.length);
      for (let i = 0; i < vector.length; i++) {
        const v = vector.get(i) as number | bigint | null;
        values[i] = v === null ? NaN : Number(v);
      }
      out.push({ name: field.name, kind: 'number', values });
    } else {
      throw new Error(
        `${file}: column "${field.name}" is ${String(field.type)}; metadata columns are text or numbers`,
      );
    }
  }
  return out;
}

function isText(type: DataType): boolean {
  return (
    DataType.isUtf8(type) ||
    DataType.isLargeUtf8(type) ||
    (DataType.isDictionary(type) && isText((type as Dictionary).dictionary))
  );
}

/** The value of row `i` as text, as `metadata.tsv` and the report show it ('' when missing). */
export function metadataText(column: MetadataColumn, i: number): string {
  const v = column.values[i];
  return typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v;
}
