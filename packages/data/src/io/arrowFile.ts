import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { sha256Hex, writeFileAtomic } from './atomic';
import { readInputFile } from './readInput';

const ARROW_MAGIC = 'ARROW1';

/** Writes a table in the Arrow IPC *file* format (readable by pyarrow, polars, DuckDB). */
export function writeArrowFile(path: string, table: Table): void {
  writeFileAtomic(path, tableToIPC(table, 'file'));
}

export function readArrowFile(path: string): Table {
  return parseArrowFile(readInput(path), path);
}

/** An input artifact read once: its table, and the SHA-256 and size of its bytes for provenance. */
export interface ArrowInput {
  table: Table;
  sha256: string;
  size: number;
}

/** `readArrowFile` that also hashes the bytes it read, so that stages read each input once. */
export function readArrowInput(path: string): ArrowInput {
  const bytes = readInput(path);
  return { table: parseArrowFile(bytes, path), sha256: sha256Hex(bytes), size: bytes.length };
}

function readInput(path: string): Buffer {
  return readInputFile(
    path,
    'an Arrow IPC file',
    'run the upstream stage first, or check the path',
  );
}

function parseArrowFile(bytes: Buffer, path: string): Table {
  // The magic is checked first: given bytes that are not Arrow, tableFromIPC may return an empty table.
  if (bytes.subarray(0, 6).toString('latin1') !== ARROW_MAGIC) {
    throw new Error(`${path}: not an Arrow IPC file (it does not start with "${ARROW_MAGIC}")`);
  }
  // A complete file also ends with the magic (after its footer); a cut-off one makes the reader
  // fail on a null footer, or read a table that lacks its last batches.
  const incomplete = new Error(
    `${path}: not a complete Arrow IPC file (truncated or corrupt); re-run the stage that wrote it`,
  );
  if (bytes.length < 2 * ARROW_MAGIC.length + 4) throw incomplete;
  if (bytes.subarray(bytes.length - 6).toString('latin1') !== ARROW_MAGIC) throw incomplete;
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw Object.assign(incomplete, { cause: error });
  }
}
