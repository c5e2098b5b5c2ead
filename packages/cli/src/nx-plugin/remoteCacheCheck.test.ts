import { createServer as createHttpServer, IncomingMessage, Server } from 'node:http';
import { createServer as createNetServer, Socket } from 'node:net';
import { checkRemoteCache, preTasksExecution, unusableWarning } from './remoteCache';
import { freePort } from '../test-helpers/nxCacheServer';

/** The check the plugin makes before Nx runs any task, against small loopback servers. */
async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}
const close = (server: { close(cb: () => void): unknown }) =>
  new Promise<void>((resolve) => server.close(() => resolve()));

describe('checkRemoteCache', () => {
  it('does nothing when no server is named', async () => {
    expect(await checkRemoteCache({})).toEqual({ state: 'unset' });
    expect(await checkRemoteCache({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: '' })).toEqual({
      state: 'unset',
    });
  });

  it('asks for an entry that cannot exist, with the bearer token; 404 means usable', async () => {
    const seen: IncomingMessage[] = [];
    const server = createHttpServer((req, res) => {
      seen.push(req);
      res.writeHead(404).end();
    });
    const url = await listen(server);
    try {
      expect(
        await checkRemoteCache({
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: `${url}/`,
          NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'tok',
        }),
      ).toEqual({ state: 'ok', server: `${url}/` });
      expect(seen.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
        ['GET', '/v1/cache/latentlensprobe', 'Bearer tok'],
      ]);
    } finally {
      await close(server);
    }
  });

  it('names a refused token with the server text, and any other status', async () => {
    let status = 401;
    const server = createHttpServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' }).end('bad token\n');
    });
    const url = await listen(server);
    const env = { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url };
    try {
      expect(await checkRemoteCache(env)).toEqual({
        state: 'unusable',
        server: url,
        reason:
          'it refused the access token in NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN (401: bad token)',
      });
      status = 502;
      expect(await checkRemoteCache(env)).toMatchObject({ reason: 'it answered 502 (bad token)' });
    } finally {
      await close(server);
    }
  });

  it('a closed port: cannot reach it', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    expect(await checkRemoteCache({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url })).toEqual({
      state: 'unusable',
      server: url,
      reason: 'cannot reach it (ECONNREFUSED)',
    });
  });

  it('a server that never answers: gives up after LATENTLENS_REMOTE_CACHE_TIMEOUT_MS', async () => {
    const sockets: Socket[] = [];
    const server = createNetServer((s) => void sockets.push(s));
    const url = await listen(server);
    try {
      const started = Date.now();
      const check = await checkRemoteCache({
        NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url,
        LATENTLENS_REMOTE_CACHE_TIMEOUT_MS: '300',
      });
      expect(check).toMatchObject({
        state: 'unusable',
        reason: 'no answer within 300 ms (LATENTLENS_REMOTE_CACHE_TIMEOUT_MS)',
      });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(sockets).toHaveLength(1);
    } finally {
      sockets.forEach((s) => s.destroy());
      await close(server);
    }
  });

  it('preTasksExecution empties the server variable (Nx then runs without it) and says so once', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const saved = { ...process.env };
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      process.env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER = url;
      await preTasksExecution();
      expect(process.env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER).toBe('');
      expect(warn.mock.calls).toEqual([
        [unusableWarning({ server: url, reason: 'cannot reach it (ECONNREFUSED)' })],
      ]);
    } finally {
      warn.mockRestore();
      process.env = saved;
    }
  });
});
