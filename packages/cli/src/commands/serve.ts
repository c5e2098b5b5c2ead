import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isIP } from 'node:net';
import { isLoopback, startStaticServer } from '@latentlens/export';
import { Values } from './args';
import { Command, UsageError } from './command';

export const DEFAULT_VIEWER_DIR = join('artifacts', 'mnist', 'export', 'viewer');

function portOpt(values: Values): number {
  const raw = values.port ?? '6006';
  const port = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || port > 65535) {
    throw new UsageError(`--port takes a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

/** --allow-host names: host names or IP addresses, without a port (the server's port applies). */
function allowHostOpt(values: Values): string[] {
  const names = (values['allow-host'] ?? []) as string[];
  for (const name of names) {
    if (
      !/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?)+$/i.test(name) &&
      isIP(name.replace(/^\[(.*)\]$/, '$1')) === 0
    )
      throw new UsageError(
        `--allow-host takes a host name or an IP address without a port, got "${name}"`,
      );
  }
  return names;
}

/** Resolves on the first Ctrl-C (or SIGTERM), which then stops the server instead of the process. */
function untilStopped(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Open the exported viewer in a browser: serve its folder read-only over HTTP',
  usage: `latentlens serve [dir] [--host 127.0.0.1] [--port 6006] [--allow-host NAME]…   (dir defaults to ${DEFAULT_VIEWER_DIR})`,
  options: {
    host: {
      type: 'string',
      description: 'address to listen on (default 127.0.0.1: this machine only)',
    },
    port: { type: 'string', description: 'port (default 6006; 0 picks a free one)' },
    'allow-host': {
      type: 'string',
      multiple: true,
      description: 'another name the server may be called by (repeatable; see README)',
    },
  },
  async run({ values, positionals, out }) {
    if (positionals.length > 1) throw new UsageError('give at most one folder');
    const root = resolve(positionals[0] ?? DEFAULT_VIEWER_DIR);
    if (!existsSync(join(root, 'index.html'))) {
      throw new Error(
        `${root} holds no viewer (no index.html); run the pipeline's export stage first`,
      );
    }
    const host = typeof values.host === 'string' && values.host ? values.host : '127.0.0.1';
    const port = portOpt(values);
    const allowHosts = allowHostOpt(values);
    const server = await startStaticServer({ root, host, port, allowHosts }).catch((error) => {
      if (error.code === 'EADDRINUSE')
        throw new Error(`port ${port} on ${host} is in use; choose another with --port`);
      throw error;
    });
    if (!isLoopback(host)) {
      console.error(
        `latentlens serve: warning: listening on ${host}, beyond this machine: anyone who can reach port ${new URL(server.url).port} can read the export`,
      );
    }
    out(`Serving ${root}`);
    out(`Open ${server.url} in a browser (Ctrl-C stops).`);
    await untilStopped();
    await server.close();
    return 0;
  },
};
