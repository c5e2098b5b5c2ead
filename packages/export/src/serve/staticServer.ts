import { createReadStream, realpathSync, statSync, Stats } from 'node:fs';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join, sep } from 'node:path';
import { SERVED_CSP } from '../viewer/contentSecurityPolicy';
import { allowedHosts, hostName } from './allowedHosts';
import { contentTypeOf } from './contentType';
import { requestSegments } from './requestPath';

export interface StaticServer {
  server: Server;
  /** e.g. `http://127.0.0.1:6006/` (with the port actually bound when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

/** Weak validator from size and modification time: cheap, and changes whenever the file does. */
function etagOf(stats: Stats): string {
  return `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

/** Sent with every response: the viewer's policy, no framing, no guessing of content types. */
const SECURITY_HEADERS = {
  'Content-Security-Policy': SERVED_CSP,
  'X-Content-Type-Options': 'nosniff',
} as const;

function sendStatus(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(message),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : message);
}

/** Where a request leads: a file to send, a folder URL lacking its slash, or nothing. */
function locate(
  root: string,
  url: string,
): { file: string; stats: Stats } | { redirect: string } | null {
  const segments = requestSegments(url);
  if (!segments) return null;
  let path = join(root, ...segments);
  let stats: Stats;
  try {
    // Symbolic links are followed only when they stay inside the folder.
    path = realpathSync(path);
    if (!within(root, path)) return null;
    stats = statSync(path);
    if (stats.isDirectory()) {
      if (!url.replace(/[?#].*$/s, '').endsWith('/')) {
        return { redirect: `/${segments.map(encodeURIComponent).join('/')}/` };
      }
      path = realpathSync(join(path, 'index.html'));
      if (!within(root, path)) return null;
      stats = statSync(path);
    }
  } catch {
    return null;
  }
  return stats.isFile() ? { file: path, stats } : null;
}

/**
 * A read-only HTTP handler for the files under `root`: GET and HEAD only, folders answer with
 * their index.html, every response revalidates (`Cache-Control: no-cache` with an ETag, so an
 * unchanged file costs a 304 and a re-exported one is never served stale). With `hosts`, a
 * request whose Host header is not one of them gets 421 (see `allowedHosts`).
 */
export function staticHandler(
  root: string,
  hosts?: ReadonlySet<string>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const realRoot = realpathSync(root);
  return (req, res) => {
    if (hosts && !hosts.has(req.headers.host?.toLowerCase() ?? '')) {
      sendStatus(res, 421, 'Misdirected Request: this server does not answer to that Host\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendStatus(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const found = locate(realRoot, req.url ?? '/');
    if (!found) {
      sendStatus(res, 404, 'Not Found\n');
      return;
    }
    if ('redirect' in found) {
      sendStatus(res, 301, 'Moved Permanently\n', { Location: found.redirect });
      return;
    }
    const etag = etagOf(found.stats);
    const headers = {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeOf(found.file),
      'Cache-Control': 'no-cache',
      ETag: etag,
      'Last-Modified': found.stats.mtime.toUTCString(),
    };
    const ifNoneMatch = req.headers['if-none-match'];
    if (
      ifNoneMatch &&
      ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')
    ) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': found.stats.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

/** This machine's own addresses and name: what other machines may call it by. */
function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((a) => a.address.replace(/%.*$/, '')),
  );
  return [hostname(), ...addresses];
}

/**
 * Serves `root` read-only on `host:port` (port 0 picks a free one) until `close()`, answering only
 * requests addressed to it by a name in `allowedHosts(host, port, allowHosts, …)`.
 */
export function startStaticServer(options: {
  root: string;
  host: string;
  port: number;
  /** Further names the server may be called by (e.g. a DNS name of this machine). */
  allowHosts?: readonly string[];
}): Promise<StaticServer> {
  // Filled once the port is known; nothing can be asked before.
  const hosts = new Set<string>();
  const server = createServer(staticHandler(options.root, hosts));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      allowedHosts(options.host, port, options.allowHosts ?? [], machineNames()).forEach((h) =>
        hosts.add(h),
      );
      const host = hostName(options.host);
      resolve({
        server,
        url: `http://${host}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
