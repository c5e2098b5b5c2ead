import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVED_CSP, VIEWER_CSP } from '../viewer/contentSecurityPolicy';
import { StaticServer, startStaticServer } from './staticServer';

/** One HTTP/1.1 request written byte for byte, so no client library can normalise the path. */
function rawRequest(
  url: string,
  request: string,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname.replace(/^\[(.*)\]$/, '$1'));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(request);
  });
}

/** A request with the Host header a browser sends for `url`, another one, or none (null). */
function get(
  url: string,
  path: string,
  method = 'GET',
  extra = '',
  host: string | null = new URL(url).host,
) {
  const hostLine = host === null ? '' : `Host: ${host}\r\n`;
  return rawRequest(
    url,
    `${method} ${path} HTTP/1.1\r\n${hostLine}Connection: close\r\n${extra}\r\n`,
  );
}

describe('static server', () => {
  let parent: string;
  let root: string;
  let server: StaticServer;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'latentlens-serve-'));
    root = join(parent, 'viewer');
    mkdirSync(join(root, 'data'), { recursive: true });
    mkdirSync(join(root, '.hidden'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>viewer</title>');
    writeFileSync(join(root, 'data', 'manifest.json'), '{"count":3}');
    writeFileSync(join(root, 'data', 'ids.bin'), Buffer.from([1, 0, 0, 0]));
    writeFileSync(join(root, 'app.js'), 'console.log(1)');
    writeFileSync(join(root, '.hidden', 'token'), 'hidden');
    writeFileSync(join(parent, 'secret.txt'), 'outside');
    symlinkSync(join(parent, 'secret.txt'), join(root, 'escape.txt'));
    symlinkSync(join(root, 'app.js'), join(root, 'alias.js'));
    utimesSync(
      join(root, 'app.js'),
      new Date('2024-01-02T03:04:05Z'),
      new Date('2024-01-02T03:04:05Z'),
    );
    server = await startStaticServer({ root, host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('binds where it says it does', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it.each([
    ['/', 'text/html; charset=utf-8', '<!doctype html><title>viewer</title>'],
    ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>viewer</title>'],
    ['/data/manifest.json?x=1', 'application/json; charset=utf-8', '{"count":3}'],
    ['/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['/alias.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['/data/ids.bin', 'application/octet-stream', '\x01\0\0\0'],
  ])('GET %s serves the file as %s', async (path, type, body) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(SERVED_CSP);
    expect(res.body).toBe(body);
  });

  it('sends the viewer policy, forbidding framing, as a header of every response', async () => {
    expect(SERVED_CSP.startsWith(`${VIEWER_CSP}; `)).toBe(true);
    expect(SERVED_CSP).toMatch(/frame-ancestors 'none'/);
    for (const res of [await get(server.url, '/missing'), await get(server.url, '/', 'POST')]) {
      expect(res.headers['content-security-policy']).toBe(SERVED_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses a request without Host: 400 from Node in HTTP/1.1, 421 in HTTP/1.0', async () => {
    expect((await get(server.url, '/app.js', 'GET', '', null)).status).toBe(400);
    const old = await rawRequest(server.url, 'GET /app.js HTTP/1.0\r\n\r\n');
    expect(old.status).toBe(421);
    expect(old.body).not.toMatch(/console/);
  });

  it.each(['127.0.0.1:{port}', 'localhost:{port}', 'LocalHost:{port}', '[::1]:{port}'])(
    'answers Host %s (this machine, this port)',
    async (host) => {
      const port = new URL(server.url).port;
      const res = await get(server.url, '/app.js', 'GET', '', host.replace('{port}', port));
      expect(res.status).toBe(200);
      expect(res.body).toBe('console.log(1)');
    },
  );

  it.each([
    'evil.com',
    'evil.com:{port}',
    '127.0.0.1.evil.com:{port}',
    'localhost.evil.com:{port}',
    'evil.com:{port}@127.0.0.1:{port}',
    '127.0.0.1',
    'localhost:{other}',
    '[::ffff:127.0.0.1]:{port}',
    '[::2]:{port}',
    '0.0.0.0:{port}',
    '',
  ])('refuses Host %p with 421 and a short text (DNS rebinding)', async (host) => {
    const port = new URL(server.url).port;
    const value = host.replace(/\{port\}/g, port).replace('{other}', String(+port + 1));
    const res = await get(server.url, '/app.js', 'GET', '', value);
    expect(res.status).toBe(421);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe('Misdirected Request: this server does not answer to that Host\n');
  });

  it.each([
    '/../secret.txt',
    '/data/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/data%2f%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/..%5csecret.txt',
    '/escape.txt',
    '/.hidden/token',
    '/%2ehidden/token',
    '/missing.js',
    '/index.html%00.js',
  ])('GET %s is a 404 that leaks nothing', async (path) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toMatch(/outside|hidden/);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await get(server.url, '/app.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('14');
    expect(res.body).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'refuses %s (read-only)',
    async (method) => {
      const res = await get(server.url, '/app.js', method, 'Content-Length: 0\r\n');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    },
  );

  it('sends validators and answers a matching If-None-Match with 304', async () => {
    const first = await get(server.url, '/app.js');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['last-modified']).toBe('Tue, 02 Jan 2024 03:04:05 GMT');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get(server.url, '/app.js', 'GET', `If-None-Match: ${etag}\r\n`);
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const stale = await get(server.url, '/app.js', 'GET', 'If-None-Match: W/"0-0"\r\n');
    expect(stale.status).toBe(200);
  });

  it('changes the ETag when the file changes', async () => {
    const before = (await get(server.url, '/data/manifest.json')).headers.etag;
    writeFileSync(join(root, 'data', 'manifest.json'), '{"count":30}');
    const after = (await get(server.url, '/data/manifest.json')).headers.etag;
    expect(after).not.toBe(before);
  });

  it('redirects a folder without its slash to the folder, never to another host', async () => {
    const res = await get(server.url, '/data');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/data/');
    expect((await get(server.url, '//data')).headers.location).toBe('/data/');
    expect((await get(server.url, '/data/')).status).toBe(404);
  });
});

describe('static server on other addresses', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'latentlens-serve-any-'));
    writeFileSync(join(root, 'index.html'), 'viewer');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('on IPv6 loopback answers [::1] and the other loopback names, not another name', async () => {
    const server = await startStaticServer({ root, host: '::1', port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
      const port = new URL(server.url).port;
      const status = async (host: string) => (await get(server.url, '/', 'GET', '', host)).status;
      expect(await status(`[::1]:${port}`)).toBe(200);
      expect(await status(`localhost:${port}`)).toBe(200);
      expect(await status(`[0:0:0:0:0:0:0:1]:${port}`)).toBe(421);
      expect(await status(`[::1].evil.com:${port}`)).toBe(421);
      expect(await status(`evil.com:${port}`)).toBe(421);
    } finally {
      await server.close();
    }
  });

  it("on every interface answers this machine's names and --allow-host ones, nothing else", async () => {
    const server = await startStaticServer({
      root,
      host: '0.0.0.0',
      port: 0,
      allowHosts: ['Viewer.Example', '::1'],
    });
    try {
      const local = server.url.replace('0.0.0.0', '127.0.0.1');
      const port = new URL(local).port;
      const status = async (host: string) => (await get(local, '/', 'GET', '', host)).status;
      expect(await status(`viewer.example:${port}`)).toBe(200);
      expect(await status(`${hostname()}:${port}`)).toBe(200);
      expect(await status(`127.0.0.1:${port}`)).toBe(200);
      expect(await status(`[::1]:${port}`)).toBe(200);
      expect(await status(`evil.com:${port}`)).toBe(421);
      expect(await status(`viewer.example.evil.com:${port}`)).toBe(421);
      expect(await status('viewer.example')).toBe(421);
    } finally {
      await server.close();
    }
  });
});
