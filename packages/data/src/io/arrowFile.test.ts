import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyToTable } from '../contracts/history';
import { RefusedInput } from './refusedInput';
import { readArrowFile, readArrowInput, writeArrowFile } from './arrowFile';

describe('reading Arrow inputs', () => {
  let dir: string;
  let complete: Buffer;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-arrow-'));
    const n = 500;
    const table = historyToTable(
      {
        epoch: Int32Array.from({ length: n }, (_, i) => i + 1),
        trainLoss: new Float32Array(n).fill(1),
        validationLoss: new Float32Array(n).fill(NaN),
        seconds: new Float32Array(n),
      },
      { stage: 'test', version: '0', config: {}, provenance: { inputs: [] } },
    );
    writeArrowFile(join(dir, 'whole.arrow'), table);
    complete = readFileSync(join(dir, 'whole.arrow'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a complete file', () => {
    expect(readArrowFile(join(dir, 'whole.arrow')).numRows).toBe(500);
  });

  it.each([
    ['the magic only', 6],
    ['a few bytes past the magic', 12],
    ['half', 0.5],
    ['all but the trailing magic', -6],
    ['all but the last byte', -1],
  ])('a file cut to %s is one line naming it and what to do', (_, keep) => {
    const length = keep < 1 && keep > 0 ? Math.floor(complete.length * keep) : keep;
    const path = join(dir, `cut-${keep}.arrow`);
    writeFileSync(path, complete.subarray(0, length < 0 ? complete.length + length : length));
    for (const read of [readArrowFile, readArrowInput]) {
      expect(() => read(path)).toThrow(
        new Error(
          `${path}: not a complete Arrow IPC file (truncated or corrupt); re-run the stage that wrote it`,
        ),
      );
    }
  });

  it('a folder in place of the file says so, as an input error', () => {
    const path = join(dir, 'folder.arrow');
    mkdirSync(path);
    expect(() => readArrowFile(path)).toThrow(RefusedInput);
    expect(() => readArrowFile(path)).toThrow(
      new Error(`${path}: a folder, where an Arrow IPC file was expected`),
    );
  });

  it('a missing file says how to make it', () => {
    const path = join(dir, 'missing.arrow');
    expect(() => readArrowFile(path)).toThrow(
      new Error(`${path}: not found (run the upstream stage first, or check the path)`),
    );
  });
});
