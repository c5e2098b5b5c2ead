import { Data, Field, RecordBatch, Schema, Struct, Table } from 'apache-arrow';

/** One record batch holding the given columns, with schema metadata, as a Table. */
export function tableFromColumns(
  columns: { name: string; data: Data; nullable?: boolean }[],
  metadata: Map<string, string>,
): Table {
  const fields = columns.map((c) => new Field(c.name, c.data.type, c.nullable ?? false));
  const schema = new Schema(fields, metadata);
  const length = columns.length ? columns[0].data.length : 0;
  for (const c of columns) {
    if (c.data.length !== length) {
      throw new Error(`column "${c.name}" has ${c.data.length} rows, expected ${length}`);
    }
  }
  const struct = new Data(new Struct(fields), 0, length, 0, undefined, columns.map((c) => c.data));
  return new Table(schema, [new RecordBatch(schema, struct)]);
}
