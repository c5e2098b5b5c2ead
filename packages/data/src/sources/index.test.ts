import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileServer, refusedUrl, startFileServer } from '../test-helpers/fileServer';
import { makeImageSet, writeIdxFolder } from '../test-helpers/idxFixtures';
import { recordingProgress } from '../test-helpers/recordingProgress';
import { loadSource } from './index';
import { SourceUnavailableError } from './types';

const FAST = { timeoutMs: 5000, retries: 0, retryDelayMs: 0 };

describe('loadSource fallbacks', () => {
  let dir: string;
  let idxDir: string;
  let server: FileServer | undefined;
  const savedEnv = process.env.LATENTLENS_MNIST_MIRRORS;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-fallback-'));
    idxDir = join(dir, 'idx');
    writeIdxFolder(idxDir, makeImageSet({ train: 20, test: 10 }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (savedEnv === undefined) delete process.env.LATENTLENS_MNIST_MIRRORS;
    else process.env.LATENTLENS_MNIST_MIRRORS = savedEnv;
  });
  const context = () => ({
    progress: recordingProgress(),
    cacheDir: mkdtempSync(join(dir, 'cache-')),
    seed: 0,
  });

  it('offline: uses the fallback and warns loudly, naming what failed and what is used', async () => {
    const offline = await refusedUrl();
    process.env.LATENTLENS_MNIST_MIRRORS = offline;
    const ctx = context();
    const loaded = await loadSource(
      { source: 'mnist', fallback: ['idx'], dir: idxDir, download: FAST },
      ctx,
    );
    expect(loaded.dataset.source).toBe('idx');
    expect(loaded.dataset.ids.length).toBe(30);
    expect(loaded.fallbackFrom?.source).toBe('mnist');
    const warning = ctx.progress.logs.find((l) => l.startsWith('WARNING'));
    expect(warning).toMatch(
      new RegExp(
        `^WARNING: source "mnist" is unavailable \\(mnist: cannot download train-images-idx3-ubyte\\.gz: ${offline}train-images-idx3-ubyte\\.gz: connect ECONNREFUSED .*\\); using fallback "idx" instead$`,
      ),
    );
  });

  it('counts bad bytes on every mirror as unavailable; the warning names the URL that served them', async () => {
    server = await startFileServer({
      '/m/train-images-idx3-ubyte.gz': { serve: Buffer.from('<html>captive portal</html>') },
    });
    process.env.LATENTLENS_MNIST_MIRRORS = await refusedUrl();
    const ctx = context();
    // The `mirrors` option wins over the environment variable.
    const spec = {
      source: 'mnist' as const,
      fallback: ['idx' as const],
      dir: idxDir,
      mirrors: { mnist: [`${server.url}m/`] },
    };
    const loaded = await loadSource({ ...spec, download: FAST }, ctx);
    expect(loaded.dataset.source).toBe('idx');
    expect(ctx.progress.logs.find((l) => l.startsWith('WARNING'))).toContain(
      `${server.url}m/train-images-idx3-ubyte.gz served bad bytes (MD5`,
    );
    expect(server.hits).toEqual(['/m/train-images-idx3-ubyte.gz']);
  });

  it('without a fallback, fails as unavailable and suggests one', async () => {
    process.env.LATENTLENS_MNIST_MIRRORS = await refusedUrl();
    const attempt = loadSource({ source: 'mnist', download: FAST }, context());
    await expect(attempt).rejects.toThrow(SourceUnavailableError);
    await expect(attempt).rejects.toThrow(
      /^no data source could be loaded: mnist: cannot download .* \(add a fallback such as "bundled" to work offline\)$/,
    );
  });

  it('never falls back over corrupt data', async () => {
    const broken = join(dir, 'broken');
    writeIdxFolder(broken, makeImageSet({ train: 4, test: 2 }), false);
    writeFileSync(
      join(broken, 'train-labels-idx1-ubyte'),
      Buffer.from([0x1f, 0x00, 0x08, 0x01, 0, 0, 0, 4, 1, 2, 3, 4]),
    );
    const ctx = context();
    const attempt = loadSource({ source: 'idx', dir: broken, fallback: ['bundled'] }, ctx);
    await expect(attempt).rejects.toThrow(
      `${join(broken, 'train-labels-idx1-ubyte')}: wrong magic number 1f 00 08 01`,
    );
    expect(ctx.progress.logs).toEqual([]);
  });

  it('rejects an unknown source name', async () => {
    await expect(
      loadSource({ source: 'idx', fallback: ['cifar' as 'idx'] }, context()),
    ).rejects.toThrow('unknown source "cifar" (use mnist, fashion-mnist, idx, images, table, bundled)');
  });
});
