import {
  Data,
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Int8,
  Int32,
  Table,
  Uint8,
  Utf8,
  makeData,
  vectorFromArray,
} from 'apache-arrow';

/**
 * Builders and readers for the column kinds the contracts use. Columns are built straight from
 * typed arrays (no per-row objects), so 70,000 × 784 pixels cost one copy at most.
 */

export const SPLIT_NAMES = ['train', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];
/** Split codes as stored in memory: index into SPLIT_NAMES. */
export const SPLIT_CODE: Record<SplitName, number> = { train: 0, test: 1 };

export function int32Column(values: Int32Array): Data<Int32> {
  return makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values });
}

export function uint8Column(values: Uint8Array): Data<Uint8> {
  return makeData({ type: new Uint8(), length: values.length, nullCount: 0, data: values });
}

export function float32Column(values: Float32Array): Data<Float32> {
  return makeData({ type: new Float32(), length: values.length, nullCount: 0, data: values });
}

export function splitColumn(codes: Uint8Array): Data<Dictionary<Utf8, Int8>> {
  const dictionary = vectorFromArray([...SPLIT_NAMES], new Utf8());
  const type = new Dictionary(new Utf8(), new Int8(), 0, false);
  return makeData({
    type,
    length: codes.length,
    nullCount: 0,
    data: new Int8Array(codes.buffer, codes.byteOffset, codes.length),
    dictionary,
  });
}

export function fixedSizeListColumn<T extends Uint8 | Int32 | Float32>(
  child: Data<T>,
  listSize: number,
): Data<FixedSizeList<T>> {
  const type = new FixedSizeList(listSize, new Field('item', child.type, false));
  return makeData({
    type,
    length: child.length / listSize,
    nullCount: 0,
    child,
  });
}

function column(table: Table, name: string, file: string) {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`${file}: column "${name}" is missing`);
  return vector;
}

/** The values of a primitive column, one contiguous copy across record batches. */
export function readPrimitive<A extends Int32Array | Uint8Array | Float32Array>(
  table: Table,
  name: string,
  Ctor: { new (length: number): A },
  file: string,
): A {
  const vector = column(table, name, file);
  const out = new Ctor(vector.length);
  let at = 0;
  for (const chunk of vector.data) {
    const values = chunk.values as A;
    out.set(values.subarray(chunk.offset, chunk.offset + chunk.length) as never, at);
    at += chunk.length;
  }
  return out;
}

/** The flattened children of a FixedSizeList column, and its list size. */
export function readFixedSizeList<A extends Uint8Array | Int32Array | Float32Array>(
  table: Table,
  name: string,
  Ctor: { new (length: number): A },
  file: string,
): { values: A; size: number } {
  const vector = column(table, name, file);
  const type = vector.type as FixedSizeList;
  if (!(type instanceof FixedSizeList)) {
    throw new Error(`${file}: column "${name}" must be a FixedSizeList, found ${String(type)}`);
  }
  const size = type.listSize;
  const out = new Ctor(vector.length * size);
  let at = 0;
  for (const chunk of vector.data) {
    const child = chunk.children[0];
    const start = (chunk.offset + child.offset) * size;
    const values = child.values as A;
    out.set(values.subarray(start, start + chunk.length * size) as never, at);
    at += chunk.length * size;
  }
  return { values: out, size };
}

/** Split names of a Dictionary<Utf8> column, as codes into SPLIT_NAMES. */
export function readSplitCodes(table: Table, file: string): Uint8Array {
  const vector = column(table, 'split', file);
  const out = new Uint8Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const name = vector.get(i) as string;
    const code = SPLIT_CODE[name as SplitName];
    if (code === undefined) throw new Error(`${file}: row ${i} has unknown split "${name}"`);
    out[i] = code;
  }
  return out;
}
