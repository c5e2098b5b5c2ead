import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FileServer, startFileServer } from '../test-helpers/fileServer';
import { idxFilesOf, makeImageSet, writeIdxFolder } from '../test-helpers/idxFixtures';
import { recordingProgress } from '../test-helpers/recordingProgress';
import { FILE_ROLES, NamedDataset } from './catalog';
import { loadNamed } from './named';
import { SourceUnavailableError } from './types';

const set = makeImageSet({ train: 20, test: 10, seed: 3 });
const files = idxFilesOf(set);
const hex = (algorithm: string, bytes: Uint8Array) =>
  createHash(algorithm).update(bytes).digest('hex');

/** A dataset whose catalog entry knows the published (.gz) MD5 and the decompressed content's SHA-256. */
function catalog(mirrors: string[], systemDir: string): NamedDataset {
  const entries = FILE_ROLES.map((role) => [
    role,
    {
      name: files[role].name,
      md5: hex('md5', files[role].bytes),
      contentSha256: hex('sha256', gunzipSync(files[role].bytes)),
    },
  ]);
  return {
    name: 'digits',
    mirrors,
    files: Object.fromEntries(entries),
    classNames: [...'0123456789'],
    systemDir,
  };
}

describe('named datasets with a system copy', () => {
  let dir: string;
  let server: FileServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-named-'));
    server = await startFileServer(
      Object.fromEntries(
        FILE_ROLES.map((role) => [`/m/${files[role].name}`, { serve: files[role].bytes }]),
      ),
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const context = () => ({
    progress: recordingProgress(),
    cacheDir: mkdtempSync(join(dir, 'cache-')),
    seed: 0,
  });

  it('reads an installed copy, even recompressed, without the network', async () => {
    // Same idx content, different gzip bytes (like Debian's recompressed files): MD5s differ.
    const systemDir = join(dir, 'system');
    mkdirSync(systemDir);
    for (const role of FILE_ROLES) {
      const recompressed = gzipSync(gunzipSync(files[role].bytes), { level: 1 });
      if (role === 'trainImages')
        expect(hex('md5', recompressed)).not.toBe(hex('md5', files[role].bytes));
      writeFileSync(join(systemDir, files[role].name), recompressed);
    }
    const hits = server.hits.length;
    const loaded = await loadNamed(catalog([`${server.url}m/`], systemDir), context());
    expect(server.hits.length).toBe(hits);
    expect(loaded.inputs[0].path).toBe(join(systemDir, files.trainImages.name));
    expect(loaded.dataset.ids.length).toBe(30);
  });

  it('refuses an installed copy whose content is not the dataset, naming the file', async () => {
    const systemDir = join(dir, 'other');
    const paths = writeIdxFolder(systemDir, makeImageSet({ train: 20, test: 10, seed: 99 }), true);
    const attempt = loadNamed(catalog([`${server.url}m/`], systemDir), context());
    await expect(attempt).rejects.not.toThrow(SourceUnavailableError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `^${paths.trainImages}: decompressed content has SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}$`,
      ),
    );
  });

  it('downloads when the system folder lacks a file', async () => {
    const systemDir = join(dir, 'partial');
    const paths = writeIdxFolder(systemDir, set, true);
    rmSync(paths.testLabels);
    const loaded = await loadNamed(catalog([`${server.url}m/`], systemDir), context(), {
      download: { retries: 0 },
    });
    expect(loaded.inputs.map((i) => i.path)).toEqual(
      FILE_ROLES.map((role) => `${server.url}m/${files[role].name}`),
    );
  });
});
