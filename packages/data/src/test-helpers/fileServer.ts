import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** How the test server answers one path. */
export type Route =
  | { serve: Uint8Array }
  | { status: number }
  /** Sends the headers (full Content-Length) and the first `after` bytes, then goes silent. */
  | { stallAfter: number; body: Uint8Array }
  /** Accepts the request and never answers. */
  | { hang: true }
  /** Sends the headers (full Content-Length) and the first `after` bytes, then drops the connection. */
  | { dropAfter: number; body: Uint8Array };

/**
 * A real HTTP server on 127.0.0.1 (random port) for download tests. Unknown paths get 404;
 * every request's path is recorded in `hits`.
 */
export interface FileServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  routes: Map<string, Route>;
  hits: string[];
  close(): Promise<void>;
}

function answer(route: Route | undefined, res: ServerResponse): void {
  if (!route) {
    res.writeHead(404).end('not found');
  } else if ('serve' in route) {
    res.writeHead(200, { 'content-length': route.serve.length }).end(route.serve);
  } else if ('status' in route) {
    res.writeHead(route.status).end(`status ${route.status}`);
  } else if ('stallAfter' in route) {
    res.writeHead(200, { 'content-length': route.body.length });
    res.write(route.body.subarray(0, route.stallAfter));
  } else if ('dropAfter' in route) {
    res.writeHead(200, { 'content-length': route.body.length });
    res.write(route.body.subarray(0, route.dropAfter), () => res.socket?.destroy());
  }
  // { hang: true }: say nothing.
}

export async function startFileServer(routes: Record<string, Route> = {}): Promise<FileServer> {
  const table = new Map(Object.entries(routes));
  const hits: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    hits.push(path);
    answer(table.get(path), res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    routes: table,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (a server is started, its port noted, then closed). */
export async function refusedUrl(): Promise<string> {
  const server = await startFileServer();
  await server.close();
  return server.url;
}
