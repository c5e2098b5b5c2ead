import { createReadStream, realpathSync, statSync, Stats } from 'node:fs';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
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

function sendStatus(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
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
 * unchanged file costs a 304 and a re-exported one is never served stale).
 */
export function staticHandler(root: string): (req: IncomingMessage, res: ServerResponse) => void {
  const realRoot = realpathSync(root);
  return (req, res) => {
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
      'Content-Type': contentTypeOf(found.file),
      'Cache-Control': 'no-cache',
      ETag: etag,
      'Last-Modified': found.stats.mtime.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
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

/** Serves `root` read-only on `host:port` (port 0 picks a free one) until `close()`. */
export function startStaticServer(options: {
  root: string;
  host: string;
  port: number;
}): Promise<StaticServer> {
  const server = createServer(staticHandler(options.root));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
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
