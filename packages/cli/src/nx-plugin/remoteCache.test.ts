import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  NxCacheServer,
  freePort,
  startNxCacheServer,
  verifyNxCache,
} from '../test-helpers/nxCacheServer';
import { cleanEnv, copyWorkspace } from '../test-helpers/workspaceCopy';

/**
 * Two (and more) machines' worth of state on loopback, joined only by the real nginx of
 * deploy/nx-cache: each clone is a copy of the workspace at the same commit with its own empty
 * Nx cache folder, running the real `nx`. A is CI (writer token), B a laptop (reader token).
 */
const PIPELINE = `seed: 0
data: { source: bundled, sample: 150 }
train: { epochs: 1 }
reduce:
  tsne: { method: tsne, perplexity: 10, iterations: 250 }
  pca: { method: pca, dims: 3 }
`;
const STAGES = ['data', 'train', 'encode', 'neighbors', 'reduce-tsne', 'reduce-pca', 'export'];
const BUILDS = ['cli', 'data', 'export', 'model', 'reduce'].map((p) => `@latentlens/${p}:build`);
const ALL = [...BUILDS, ...STAGES.map((s) => `pipeline:small-${s}`)].sort();

interface Clone {
  ws: string;
  cache: string;
}
interface Run {
  status: number | null;
  output: string;
  ms: number;
  /** Tasks that executed (neither cache hit). */
  executed: string[];
  /** Tasks restored from the remote cache. */
  remote: string[];
}

function clone(prefix: string): Clone {
  const ws = copyWorkspace(prefix);
  writeFileSync(join(ws, 'pipelines', 'small.yaml'), PIPELINE);
  return { ws, cache: join(ws, '.nx-cache-of-this-machine') };
}

function edit(c: Clone, from: string, to: string): void {
  const file = join(c.ws, 'pipelines', 'small.yaml');
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} not in small.yaml`);
  writeFileSync(file, text.replace(from, to));
}

/** `nx run pipeline:small` in the clone with the remote cache variables given. */
function nx(c: Clone, remote: Record<string, string>, extra: string[] = []): Run {
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      join(c.ws, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'),
      'run',
      'pipeline:small',
      '--outputStyle=static',
      ...extra,
    ],
    {
      cwd: c.ws,
      env: cleanEnv({ NX_CACHE_DIRECTORY: c.cache, ...remote }),
      encoding: 'utf8',
      timeout: 420_000,
    },
  );
  const ms = Date.now() - started;
  const output = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  const executed: string[] = [];
  const fromRemote: string[] = [];
  for (const m of output.matchAll(/^> nx run (\S+)(.*)$/gm)) {
    if (/\[remote cache\]/.test(m[2])) fromRemote.push(m[1]);
    else if (!/\[(local cache|existing outputs match the cache, left as is)\]/.test(m[2]))
      executed.push(m[1]);
  }
  return { status: r.status, output, ms, executed: executed.sort(), remote: fromRemote.sort() };
}

function ok(run: Run): Run {
  if (run.status !== 0) throw new Error(`nx failed (${run.status}):\n${run.output.slice(-4000)}`);
  return run;
}

/** Every file under artifacts/small, as path → bytes (stage locks left out). */
function artifacts(c: Clone): Map<string, Buffer> {
  const root = join(c.ws, 'artifacts', 'small');
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === '.locks') continue;
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return files;
}

/** The stored entry whose archive holds `path` (entries are gzip'd tars of a task's outputs). */
function entryHolding(server: NxCacheServer, path: string): string {
  const found = server.entries().filter((hash) => {
    const r = spawnSync('tar', ['-tzf', join(server.store, hash)], { encoding: 'utf8' });
    return r.stdout.split('\n').some((line) => line.startsWith(path));
  });
  if (found.length !== 1) throw new Error(`${found.length} entries hold ${path}`);
  return found[0];
}

// A cold run of the small pipeline takes about a minute alone, and twice that on a busy machine.
jest.setTimeout(480_000);

const only = (...stages: string[]) => stages.map((s) => `pipeline:small-${s}`).sort();

describe('Nx remote cache on the real nginx of deploy/nx-cache (two machines on loopback)', () => {
  let data: string;
  let server: NxCacheServer;
  let a: Clone; // CI on main: the only writer
  let b: Clone; // a laptop: reads
  const clones: Clone[] = [];
  const writer = () => ({
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: server.writer,
  });
  const reader = () => ({
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: server.reader,
  });
  const fresh = (name: string): Clone => {
    const c = clone(`latentlens-remote-${name}-`);
    clones.push(c);
    return c;
  };

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'latentlens-nx-cache-server-'));
    server = await startNxCacheServer(data);
    a = fresh('a');
    b = fresh('b');
  });
  afterAll(() => {
    server?.stop();
    for (const c of clones) rmSync(c.ws, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  let coldMs = 0;
  it('1. A (CI, writer) runs every stage and stores each one on the server', () => {
    const run = ok(nx(a, writer()));
    coldMs = run.ms;
    expect(run.executed).toEqual(ALL);
    expect(run.remote).toEqual([]);
    // One entry per task; nginx's DAV answers 201, which Nx 23.3.1 counts as an error: its
    // cache layer retries the upload, which then gets 409 ("already there") and moves on.
    expect(server.entries()).toHaveLength(ALL.length);
    expect(server.requests().filter((r) => r === 'PUT 201')).toHaveLength(ALL.length);
  });

  it('2. B (laptop, reader, empty local cache) executes nothing: every task comes from the server, byte for byte', () => {
    const run = ok(nx(b, reader()));
    expect(run.executed).toEqual([]);
    expect(run.remote).toEqual(ALL);
    const mine = artifacts(b);
    const theirs = artifacts(a);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [path, bytes] of theirs)
      expect({ path, same: mine.get(path)!.equals(bytes) }).toEqual({ path, same: true });
    process.stdout.write(`A cold ${coldMs} ms, B all remote ${run.ms} ms\n`);
    expect(run.ms).toBeLessThan(coldMs);
  });

  it('3. B changes a t-SNE parameter: only that reduction and the export run, and a reader stores nothing', () => {
    const before = server.entries();
    edit(b, 'perplexity: 10', 'perplexity: 12');
    const run = ok(nx(b, reader()));
    expect(run.executed).toEqual(only('export', 'reduce-tsne'));
    expect(server.entries()).toEqual(before);
    expect(server.requests().filter((r) => r === 'PUT 403').length).toBeGreaterThanOrEqual(2);
  });

  it('4. the change reaches CI (a writer, fresh clone): it stores the two new results, and A then gets them without executing', () => {
    const ci = fresh('ci');
    edit(ci, 'perplexity: 10', 'perplexity: 12');
    const stored = ok(nx(ci, writer()));
    expect(stored.executed).toEqual(only('export', 'reduce-tsne'));
    expect(server.entries()).toHaveLength(ALL.length + 2);

    edit(a, 'perplexity: 10', 'perplexity: 12');
    const run = ok(nx(a, reader()));
    expect(run.executed).toEqual([]);
    expect(run.remote).toEqual(only('export', 'reduce-tsne'));
    const tsne = 'reduce/tsne/projection.arrow';
    expect(artifacts(a).get(tsne)!.equals(artifacts(b).get(tsne)!)).toBe(true);
  });

  it('5. a second PUT of a stored hash with other bytes gets 409 and readers still get the first bytes', async () => {
    const hash = server.entries()[0];
    const first = readFileSync(join(server.store, hash));
    const put = await fetch(`${server.url}/v1/cache/${hash}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.writer}` },
      body: Buffer.from('poisoned'),
    });
    expect(put.status).toBe(409);
    const get = await fetch(`${server.url}/v1/cache/${hash}`, {
      headers: { authorization: `Bearer ${server.reader}` },
    });
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(first)).toBe(true);
    // And the access rules: a reader may not write, no or a wrong token gets 401 in text/plain.
    const asReader = await fetch(`${server.url}/v1/cache/123`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.reader}` },
      body: Buffer.from('x'),
    });
    expect(asReader.status).toBe(403);
    const noOrWrongToken: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0000000' },
    ];
    for (const headers of noOrWrongToken) {
      const r = await fetch(`${server.url}/v1/cache/${hash}`, { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toBe('text/plain');
    }
    expect(server.entries()).not.toContain('123');
  });

  it('6. the server down (connection refused): one warning line, the stages run locally', async () => {
    const port = await freePort();
    edit(a, 'perplexity: 12', 'perplexity: 13');
    const run = ok(
      nx(a, {
        NX_SELF_HOSTED_REMOTE_CACHE_SERVER: `http://127.0.0.1:${port}`,
        NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: server.reader,
      }),
    );
    expect(run.output).toMatch(
      new RegExp(
        `remote cache http://127.0.0.1:${port}: cannot reach it \\(ECONNREFUSED\\)\\. This run uses the local cache only`,
      ),
    );
    expect(run.executed).toEqual(only('export', 'reduce-tsne'));
  });

  it('7. a server that accepts and never answers: the run goes on locally after the bounded wait', async () => {
    // In a process of its own: spawnSync blocks this one's event loop while nx runs.
    const port = await freePort();
    const seen = join(data, 'silent-connections');
    const silent = spawn(
      process.execPath,
      [
        '-e',
        `let n = 0; require('net').createServer(() => require('fs').writeFileSync(${JSON.stringify(seen)}, String(++n)))` +
          `.listen(${port}, '127.0.0.1', () => console.log('listening'))`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise((resolve) => silent.stdout!.once('data', resolve));
      edit(a, 'perplexity: 13', 'perplexity: 14');
      const run = ok(
        nx(a, {
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: `http://127.0.0.1:${port}`,
          NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: server.reader,
          LATENTLENS_REMOTE_CACHE_TIMEOUT_MS: '1500',
        }),
      );
      expect(Number(readFileSync(seen, 'utf8'))).toBeGreaterThan(0);
      expect(run.output).toMatch(
        /no answer within 1500 ms \(LATENTLENS_REMOTE_CACHE_TIMEOUT_MS\)\. This run uses the local cache only/,
      );
      expect(run.executed).toEqual(only('export', 'reduce-tsne'));
    } finally {
      silent.kill();
    }
  });

  it('8. a wrong token: a clear warning, the run goes on locally and nothing reaches the server', () => {
    const before = server.entries();
    const puts = server.requests().filter((r) => r.startsWith('PUT')).length;
    edit(a, 'perplexity: 14', 'perplexity: 15');
    const run = ok(
      nx(a, {
        NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
        NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'not-a-token-of-this-server',
      }),
    );
    expect(run.output).toMatch(
      /it refused the access token in NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN \(401: missing or unknown access token for the Nx cache\)/,
    );
    expect(run.executed).toEqual(only('export', 'reduce-tsne'));
    expect(server.entries()).toEqual(before);
    expect(server.requests().filter((r) => r.startsWith('PUT')).length).toBe(puts);
  });

  it('9. a damaged entry on the server stops Nx 23.3.1; verify.sh removes it and the stage re-runs locally', () => {
    const pca = entryHolding(server, 'artifacts/small/reduce/pca/');
    writeFileSync(join(server.store, pca), Buffer.from('not a gzip archive '.repeat(100)));
    const d = fresh('d');
    const broken = nx(d, reader());
    // Nx detects it (it cannot unpack it) but does not fall back: the run fails.
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/Failed to read entr(y|ies) from tarball/);
    expect(verifyNxCache(data)).toMatch(new RegExp(`removed damaged entry ${pca}\\n`));
    expect(server.entries()).not.toContain(pca);
    const run = ok(nx(d, reader()));
    expect(run.executed).toEqual(only('reduce-pca'));
    expect(run.remote).toContain('pipeline:small-export');
  });

  it('10. a server that cannot store (body over its limit, standing in for a full disk) answers 403: the run succeeds locally', async () => {
    const fullData = mkdtempSync(join(tmpdir(), 'latentlens-nx-cache-full-'));
    const full = await startNxCacheServer(fullData, { NX_CACHE_MAX_BODY: '1k' });
    try {
      edit(a, 'perplexity: 15', 'perplexity: 16');
      const run = ok(
        nx(a, {
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: full.url,
          NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: full.writer,
        }),
      );
      expect(run.executed).toEqual(only('export', 'reduce-tsne'));
      expect(full.entries()).toEqual([]);
      expect(full.requests().filter((r) => r === 'PUT 403').length).toBeGreaterThanOrEqual(2);
    } finally {
      full.stop();
      rmSync(fullData, { recursive: true, force: true });
    }
  });
});
