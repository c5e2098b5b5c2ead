import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main';
import { runCli } from '../test-helpers/runCli';

/** Resolves with the first printed line that matches, while the command keeps running. */
function lineMatching(lines: string[], pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve) => {
    const poll = () => {
      const match = lines.map((l) => l.match(pattern)).find(Boolean);
      if (match) resolve(match);
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('latentlens serve', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-serve-cmd-'));
    mkdirSync(join(dir, 'viewer', 'data'), { recursive: true });
    writeFileSync(join(dir, 'viewer', 'index.html'), '<!doctype html><title>v</title>');
    writeFileSync(join(dir, 'viewer', 'data', 'manifest.json'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the folder on 127.0.0.1, prints the URL, and stops on Ctrl-C with exit code 0', async () => {
    const out: string[] = [];
    const running = main(['serve', join(dir, 'viewer'), '--port', '0'], (l) => out.push(l));
    const [, url] = await lineMatching(out, /Open (http:\/\/127\.0\.0\.1:\d+\/) /);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>v</title>');
    const manifest = await fetch(new URL('data/manifest.json', url));
    expect(manifest.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await fetch(new URL('data/manifest.json', url), { method: 'POST' })).status).toBe(405);
    process.emit('SIGINT');
    expect(await running).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('defaults to artifacts/mnist/export/viewer under the current folder', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    let run;
    try {
      run = await runCli(['serve', '--port', '0']);
    } finally {
      process.chdir(cwd);
    }
    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      `latentlens serve: ${join(dir, 'artifacts', 'mnist', 'export', 'viewer')} holds no viewer (no index.html); run the pipeline's export stage first`,
    ]);
  });

  it.each([
    [['--port', '70000'], /--port takes a whole number from 0 to 65535, got "70000"/],
    [['--port', 'http'], /--port takes a whole number/],
    [['extra'], /give at most one folder/],
    [
      ['--allow-host', 'viewer.lan:80'],
      /--allow-host takes a host name or an IP address without a port, got "viewer.lan:80"/,
    ],
    [['--allow-host', 'evil.com/x'], /--allow-host takes a host name/],
  ])('rejects %j after the folder with exit code 2', async (args, message) => {
    const { code, err } = await runCli(['serve', join(dir, 'viewer'), ...args]);
    expect(code).toBe(2);
    expect(err[0]).toMatch(message);
  });

  it('says so when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as { port: number };
    let run;
    try {
      run = await runCli(['serve', join(dir, 'viewer'), '--port', String(port)]);
    } finally {
      blocker.close();
    }
    expect(run.code).toBe(1);
    expect(run.err[0]).toBe(
      `latentlens serve: port ${port} on 127.0.0.1 is in use; choose another with --port`,
    );
  });

  it('beyond loopback warns in one line, and answers only its own names and --allow-host ones', async () => {
    const out: string[] = [];
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const running = main(
      [
        'serve',
        join(dir, 'viewer'),
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--allow-host',
        'viewer.lan',
      ],
      (l) => out.push(l),
    );
    try {
      const [, port] = await lineMatching(out, /Open http:\/\/0\.0\.0\.0:(\d+)\/ /);
      expect(err.mock.calls).toEqual([
        [
          `latentlens serve: warning: listening on 0.0.0.0, beyond this machine: anyone who can reach port ${port} can read the export`,
        ],
      ]);
      expect(await statusFor(+port, `viewer.lan:${port}`)).toBe(200);
      expect(await statusFor(+port, `localhost:${port}`)).toBe(200);
      expect(await statusFor(+port, `evil.com:${port}`)).toBe(421);
    } finally {
      process.emit('SIGINT');
      expect(await running).toBe(0);
      err.mockRestore();
    }
  });
});

/** The status of GET / on 127.0.0.1:port sent with the given Host header. */
function statusFor(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}
