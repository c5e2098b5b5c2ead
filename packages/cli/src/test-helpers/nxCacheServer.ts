import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './workspaceCopy';

const DEPLOY = join(REPO_ROOT, 'deploy', 'nx-cache');

/** The real nginx started by deploy/nx-cache/start.sh on a free loopback port. */
export interface NxCacheServer {
  url: string;
  writer: string;
  reader: string;
  /** The folder of the entries, one file per hash. */
  store: string;
  /** The hashes stored, sorted. */
  entries(): string[];
  /** "METHOD status" for every request so far, from nginx's access log. */
  requests(): string[];
  stop(): void;
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function script(name: string, args: string[], env: Record<string, string> = {}): string {
  const r = spawnSync('bash', [join(DEPLOY, name), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout;
}

export async function startNxCacheServer(
  data: string,
  env: Record<string, string> = {},
): Promise<NxCacheServer> {
  const port = await freePort();
  const writer = `writer-${randomBytes(24).toString('hex')}`; // as long as the docs suggest
  const reader = `reader-${randomBytes(24).toString('hex')}`;
  script('start.sh', [data, String(port)], {
    NX_CACHE_WRITER_TOKEN: writer,
    NX_CACHE_READER_TOKEN: reader,
    ...env,
  });
  const store = join(data, 'store', 'v1', 'cache');
  return {
    url: `http://127.0.0.1:${port}`,
    writer,
    reader,
    store,
    entries: () => readdirSync(store).sort(),
    requests: () => {
      const log = join(data, 'nginx', 'access.log');
      if (!existsSync(log)) return [];
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const m = /"(\w+) \S+ [^"]*" (\d{3})/.exec(line);
          return m ? `${m[1]} ${m[2]}` : line;
        });
    },
    stop: () => void script('stop.sh', [data]),
  };
}

/** deploy/nx-cache/verify.sh on the server's data folder; returns what it printed. */
export function verifyNxCache(data: string): string {
  return script('verify.sh', [data]);
}
