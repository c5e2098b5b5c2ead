import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileServer, Route, refusedUrl, startFileServer } from '../test-helpers/fileServer';
import { concatenated, idxFilesOf, makeImageSet } from '../test-helpers/idxFixtures';
import { recordingProgress } from '../test-helpers/recordingProgress';
import { FILE_ROLES, NamedDataset } from './catalog';
import { STALE_DOWNLOAD_HOURS, fetchVerified } from './download';
import { loadNamed } from './named';
import { SourceUnavailableError } from './types';

const set = makeImageSet({ train: 30, test: 10, seed: 7 });
const files = idxFilesOf(set);
const hex = (algorithm: string, bytes: Uint8Array) =>
  createHash(algorithm).update(bytes).digest('hex');
const FAST = { timeoutMs: 5000, retries: 0, retryDelayMs: 0 };

function catalog(mirrors: string[]): NamedDataset {
  const entries = FILE_ROLES.map((role) => [
    role,
    { name: files[role].name, md5: hex('md5', files[role].bytes) },
  ]);
  return {
    name: 'digits',
    mirrors,
    files: Object.fromEntries(entries),
    classNames: [...'0123456789'],
  };
}

/** Routes serving the four files under `/<folder>/`. */
function serving(folder: string): Record<string, Route> {
  return Object.fromEntries(
    FILE_ROLES.map((role) => [`/${folder}/${files[role].name}`, { serve: files[role].bytes }]),
  );
}

function corrupted(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[copy.length >> 1] ^= 0xff;
  return copy;
}

describe('downloads', () => {
  let server: FileServer;
  let cacheRoot: string;
  let cache: string;
  beforeAll(() => {
    cacheRoot = mkdtempSync(join(tmpdir(), 'latentlens-download-'));
  });
  afterAll(() => rmSync(cacheRoot, { recursive: true, force: true }));
  beforeEach(() => {
    cache = mkdtempSync(join(cacheRoot, 'cache-'));
  });
  afterEach(async () => {
    await server?.close();
  });

  it('downloads, verifies and caches the four files, then reuses the cache with the server stopped', async () => {
    server = await startFileServer(serving('a'));
    const progress = recordingProgress();
    const ctx = { progress, cacheDir: cache, seed: 0 };
    const first = await loadNamed(catalog([`${server.url}a/`]), ctx, { download: FAST });

    const expected = concatenated(set);
    expect(Buffer.from(first.dataset.pixels)).toEqual(expected.pixels);
    expect(Buffer.from(first.dataset.labels)).toEqual(expected.labels);
    expect(first.inputs).toEqual(
      FILE_ROLES.map((role) => ({
        path: `${server.url}a/${files[role].name}`,
        sha256: hex('sha256', files[role].bytes),
      })),
    );
    // Only the four verified files reach the cache: no temporary leftovers.
    expect(readdirSync(join(cache, 'digits')).sort()).toEqual(
      FILE_ROLES.map((r) => files[r].name).sort(),
    );
    // Progress reports bytes and rate of every download.
    expect(progress.phases).toContain(`download ${server.url}a/${files.trainImages.name}`);
    expect(progress.updates).toContainEqual([
      files.trainImages.bytes.length,
      expect.stringMatching(/ MB at .* MB\/s$/),
    ]);

    await server.close();
    const hitsBefore = server.hits.length;
    const again = await loadNamed(catalog([`${server.url}a/`]), ctx, { download: FAST });
    expect(server.hits.length).toBe(hitsBefore);
    expect(Buffer.from(again.dataset.pixels)).toEqual(expected.pixels);
    expect(again.inputs.map((i) => i.path)).toEqual(
      FILE_ROLES.map((r) => join(cache, 'digits', files[r].name)),
    );
    expect(again.inputs.map((i) => i.sha256)).toEqual(first.inputs.map((i) => i.sha256));
  });

  it('moves to the next mirror after a 404, without retrying the missing file', async () => {
    server = await startFileServer(serving('b'));
    const ctx = { progress: recordingProgress(), cacheDir: cache, seed: 0 };
    const loaded = await loadNamed(catalog([`${server.url}a/`, `${server.url}b/`]), ctx, {
      download: { ...FAST, retries: 2 },
    });
    expect(loaded.dataset.ids.length).toBe(40);
    expect(server.hits.slice(0, 2)).toEqual([
      `/a/${files.trainImages.name}`,
      `/b/${files.trainImages.name}`,
    ]);
    expect(server.hits.filter((h) => h.startsWith('/a/'))).toHaveLength(4);
    expect(loaded.inputs[0].path).toBe(`${server.url}b/${files.trainImages.name}`);
  });

  it('deletes bytes that fail the checksum, names the URL that served them and uses the next mirror', async () => {
    server = await startFileServer({
      ...serving('b'),
      [`/a/${files.trainImages.name}`]: { serve: corrupted(files.trainImages.bytes) },
    });
    const progress = recordingProgress();
    const got = await fetchVerified(
      catalog([]).files.trainImages,
      [`${server.url}a/`, `${server.url}b/`],
      cache,
      progress,
      FAST,
    );
    expect(got.url).toBe(`${server.url}b/${files.trainImages.name}`);
    expect(progress.logs.join('\n')).toMatch(
      new RegExp(
        `${server.url}a/${files.trainImages.name} served bad bytes \\(MD5 [0-9a-f]{32}, expected [0-9a-f]{32}\\)`,
      ),
    );
    expect(readdirSync(cache)).toEqual([files.trainImages.name]);
  });

  it('reports bad bytes on every mirror as unavailable, naming each URL, and caches nothing', async () => {
    const bad = corrupted(files.trainLabels.bytes);
    server = await startFileServer({
      [`/a/${files.trainLabels.name}`]: { serve: bad },
      [`/b/${files.trainLabels.name}`]: { serve: bad },
    });
    const attempt = fetchVerified(
      catalog([]).files.trainLabels,
      [`${server.url}a/`, `${server.url}b/`],
      cache,
      recordingProgress(),
      FAST,
    );
    await expect(attempt).rejects.toThrow(SourceUnavailableError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `^cannot download ${files.trainLabels.name}: ${server.url}a/\\S+ served bad bytes .*; ${server.url}b/\\S+ served bad bytes`,
      ),
    );
    expect(readdirSync(cache)).toEqual([]);
  });

  it('abandons a server that stalls mid-body after the timeout, retries, then uses the next mirror', async () => {
    const body = files.trainImages.bytes;
    server = await startFileServer({
      [`/a/${files.trainImages.name}`]: { stallAfter: 100, body },
      [`/b/${files.trainImages.name}`]: { serve: body },
    });
    const progress = recordingProgress();
    const got = await fetchVerified(
      catalog([]).files.trainImages,
      [`${server.url}a/`, `${server.url}b/`],
      cache,
      progress,
      {
        timeoutMs: 300,
        retries: 1,
        retryDelayMs: 0,
      },
    );
    expect(got.url).toBe(`${server.url}b/${files.trainImages.name}`);
    expect(server.hits).toEqual([
      `/a/${files.trainImages.name}`,
      `/a/${files.trainImages.name}`,
      `/b/${files.trainImages.name}`,
    ]);
    expect(progress.logs).toContain(
      `${server.url}a/${files.trainImages.name}: no data for 300 ms after 100 of ${body.length} bytes (2 attempts); giving up on this mirror`,
    );
    expect(readdirSync(cache)).toEqual([files.trainImages.name]);
  });

  it('times out a server that never answers', async () => {
    server = await startFileServer({ [`/a/${files.testLabels.name}`]: { hang: true } });
    const attempt = fetchVerified(
      catalog([]).files.testLabels,
      [`${server.url}a/`],
      cache,
      recordingProgress(),
      {
        timeoutMs: 200,
        retries: 0,
      },
    );
    await expect(attempt).rejects.toThrow(
      `cannot download ${files.testLabels.name}: ${server.url}a/${files.testLabels.name}: no data for 200 ms`,
    );
  });

  it('retries a dropped connection and HTTP 503 a bounded number of times', async () => {
    server = await startFileServer({
      [`/a/${files.testImages.name}`]: { dropAfter: 50, body: files.testImages.bytes },
      [`/b/${files.testImages.name}`]: { status: 503 },
    });
    const attempt = fetchVerified(
      catalog([]).files.testImages,
      [`${server.url}a/`, `${server.url}b/`],
      cache,
      recordingProgress(),
      {
        timeoutMs: 5000,
        retries: 2,
        retryDelayMs: 1,
      },
    );
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `${server.url}a/\\S+: .* after 50 of ${files.testImages.bytes.length} bytes \\(3 attempts\\); ${server.url}b/\\S+: HTTP 503 \\(3 attempts\\)$`,
      ),
    );
    expect(server.hits).toHaveLength(6);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('moves on at once from a host that cannot be reached, without retries', async () => {
    server = await startFileServer(serving('b'));
    const progress = recordingProgress();
    const offline = await refusedUrl();
    const got = await fetchVerified(
      catalog([]).files.testLabels,
      [offline, `${server.url}b/`],
      cache,
      progress,
      {
        retries: 2,
        retryDelayMs: 60_000,
      },
    );
    expect(got.url).toBe(`${server.url}b/${files.testLabels.name}`);
    expect(progress.logs).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${offline}${files.testLabels.name}: connect ECONNREFUSED .*; giving up on this mirror$`,
        ),
      ),
    ]);
  });

  it('replaces a cached file that no longer matches its checksum', async () => {
    server = await startFileServer(serving('a'));
    const progress = recordingProgress();
    const file = catalog([]).files.testLabels;
    await fetchVerified(file, [`${server.url}a/`], cache, progress, FAST);
    writeFileSync(join(cache, file.name), 'garbage');
    const got = await fetchVerified(file, [`${server.url}a/`], cache, progress, FAST);
    expect(Buffer.from(got.bytes)).toEqual(Buffer.from(files.testLabels.bytes));
    expect(progress.logs.join('\n')).toMatch(/cached .* fails its checksum .*downloading again/);
    expect(server.hits).toHaveLength(2);
  });

  it('sweeps abandoned temporary downloads (owner gone, or older than a day) and keeps live ones', async () => {
    server = await startFileServer(serving('a'));
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const name = files.trainImages.name;
    const entries = {
      deadOwner: `${name}.tmp-${deadPid}-0a1b2c3d`,
      deadOwnerOtherFile: `${files.testLabels.name}.tmp-${deadPid}-00000000`,
      liveOwner: `${name}.tmp-${process.pid}-0f0f0f0f`,
      liveButOld: `${name}.tmp-${process.pid}-deadbeef`,
      notATemporary: `${name}.tmp-notes.txt`,
    };
    for (const entry of Object.values(entries)) writeFileSync(join(cache, entry), 'partial');
    const dayAgo = new Date(Date.now() - (STALE_DOWNLOAD_HOURS + 1) * 3_600_000);
    utimesSync(join(cache, entries.liveButOld), dayAgo, dayAgo);
    const progress = recordingProgress();

    await fetchVerified(catalog([]).files.testLabels, [`${server.url}a/`], cache, progress, FAST);

    expect(readdirSync(cache).sort()).toEqual(
      [entries.liveOwner, entries.notATemporary, files.testLabels.name].sort(),
    );
    expect(progress.logs.filter((l) => l.startsWith('removed an abandoned download'))).toHaveLength(
      3,
    );
  });

  it('reports a cache it cannot write as an error of the disk, not as unavailability', async () => {
    server = await startFileServer(serving('a'));
    const notAFolder = join(cache, 'file');
    writeFileSync(notAFolder, '');
    const attempt = fetchVerified(
      catalog([]).files.testLabels,
      [`${server.url}a/`],
      join(notAFolder, 'digits'),
      recordingProgress(),
      FAST,
    );
    await expect(attempt).rejects.not.toThrow(SourceUnavailableError);
    await expect(attempt).rejects.toThrow(
      /^cannot create the download cache .*\/file\/digits: .*set LATENTLENS_CACHE to a writable folder/,
    );
    expect(server.hits).toEqual([]);
  });

  it('treats a truncated gzip that matches its published checksum as corrupt data, not as unavailable', async () => {
    const truncated = files.trainImages.bytes.subarray(0, files.trainImages.bytes.length - 40);
    server = await startFileServer({
      ...serving('a'),
      [`/a/${files.trainImages.name}`]: { serve: truncated },
    });
    const spec = catalog([`${server.url}a/`]);
    spec.files.trainImages.md5 = hex('md5', truncated);
    const attempt = loadNamed(
      spec,
      { progress: recordingProgress(), cacheDir: cache, seed: 0 },
      { download: FAST },
    );
    await expect(attempt).rejects.not.toThrow(SourceUnavailableError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `^${server.url}a/${files.trainImages.name}: corrupt gzip data \\(unexpected end of file\\)`,
      ),
    );
  });
});
