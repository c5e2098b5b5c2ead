import { readFileSync } from 'node:fs';
import { RefusedInput } from './refusedInput';

/**
 * The bytes of an input file, or one line naming the path, why it cannot be read and what should
 * be there (`expected`, e.g. "an Arrow IPC file"). A missing file or a folder in its place is an
 * RefusedInput; `missing` says how to get the file.
 */
export function readInputFile(path: string, expected: string, missing: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR')
      throw new RefusedInput(`${path}: a folder, where ${expected} was expected`);
    if (code === 'ENOENT') throw new RefusedInput(`${path}: not found (${missing})`);
    throw new Error(`${path}: cannot read (${code ?? (error as Error).message})`, { cause: error });
  }
}
