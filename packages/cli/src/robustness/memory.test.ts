import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { embeddingsToTable, writeArrowFile } from '@latentlens/data';
import { main } from '../main';

/**
 * A reduction that cannot fit in memory is refused before any work, with the estimate and the
 * alternative: exact t-SNE holds n×n float64 matrices, 39 GB each at 70,000 points.
 */
describe('a reduction larger than the machine', () => {
  const n = 70_000;
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-memory-'));
    const values = Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(i * 0.7) * 10);
    const table = embeddingsToTable(
      {
        ids: Int32Array.from({ length: n }, (_, i) => i),
        splits: new Uint8Array(n),
        labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
        values,
        dim: 2,
        reconstructionError: new Float32Array(n),
      },
      { stage: 'encode', version: '0.0.0', config: {}, provenance: { inputs: [] } },
    );
    writeArrowFile(join(dir, 'embeddings.arrow'), table);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exact t-SNE on 70,000 points is refused up front with the estimate and the alternative', async () => {
    const errors: string[] = [];
    const progress: string[] = [];
    const error = jest
      .spyOn(console, 'error')
      .mockImplementation((line: string) => void errors.push(line));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      progress.push(String(chunk));
      return true;
    });
    const out = join(dir, 'exact');
    let code: number;
    try {
      code = await main(
        [
          'reduce',
          '--embeddings',
          join(dir, 'embeddings.arrow'),
          '--method',
          'tsne-exact',
          '--out',
          out,
        ],
        () => undefined,
      );
    } finally {
      error.mockRestore();
      stderr.mockRestore();
    }

    expect(code).toBe(1);
    expect(errors).toHaveLength(1);
    const m =
      /^latentlens reduce: reduce\.tsne-exact: exact t-SNE on 70000 points needs about (\d+) GB \(n² × 8 bytes × (\d+)\); this machine has ([\d.]+) GB — use method: tsne\b/.exec(
        errors[0],
      );
    expect(m).not.toBeNull();
    const [, needed, matrices, ram] = m!.map(Number);
    expect(needed).toBe(Math.round((n * n * 8 * matrices) / 1e9));
    expect(matrices).toBeGreaterThanOrEqual(3);
    expect(Math.abs(ram - totalmem() / 1e9)).toBeLessThan(0.1 * ram + 0.1);
    // Refused before the reduction started: no phase of it was reported, nothing was written.
    expect(progress.join('')).not.toMatch(/t-SNE|tsne-js/);
    expect(readdirSync(dir)).toEqual(['embeddings.arrow']);
  });
});
