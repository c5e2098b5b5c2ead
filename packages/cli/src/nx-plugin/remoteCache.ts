/**
 * Nx's self-hosted remote cache (NX_SELF_HOSTED_REMOTE_CACHE_SERVER) is all or nothing in Nx
 * 23.3.1: a server that refuses connections, or rejects the token, stops the whole run after the
 * graph is built ("Failed to send request", "Unauthorized"), and a server that accepts the
 * connection but never answers hangs it for good (its HTTP client has no timeout). The remote
 * cache is an optimisation, so before the tasks run this check asks the server once, with a
 * bounded wait, for an entry that cannot exist; if it does not answer 404 (or 200) the run goes
 * on with the local cache only, saying why on one warning line.
 *
 * Nx takes the variables that a `preTasksExecution` hook sets (not those it deletes), and an
 * empty NX_SELF_HOSTED_REMOTE_CACHE_SERVER turns its remote cache off.
 */
export const SERVER_VARIABLE = 'NX_SELF_HOSTED_REMOTE_CACHE_SERVER';
export const TOKEN_VARIABLE = 'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN';
/** How long the check waits for the server, in milliseconds (default 5000). */
export const TIMEOUT_VARIABLE = 'LATENTLENS_REMOTE_CACHE_TIMEOUT_MS';
/** A hash of letters only: Nx's hashes are digits, so no entry can have it. */
const PROBE = 'latentlensprobe';

export type RemoteCacheCheck =
  | { state: 'unset' }
  | { state: 'ok'; server: string }
  | { state: 'unusable'; server: string; reason: string };

function timeoutMs(env: NodeJS.ProcessEnv): number {
  const n = Number(env[TIMEOUT_VARIABLE]);
  return Number.isFinite(n) && n > 0 ? n : 5000;
}

/** Asks the configured server for an entry that is not there: 404 means it is usable. */
export async function checkRemoteCache(
  env: NodeJS.ProcessEnv = process.env,
): Promise<RemoteCacheCheck> {
  const server = env[SERVER_VARIABLE];
  if (!server) return { state: 'unset' };
  const token = env[TOKEN_VARIABLE];
  const ms = timeoutMs(env);
  try {
    const res = await fetch(`${server.replace(/\/+$/, '')}/v1/cache/${PROBE}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(ms),
    });
    const body = (await res.text()).trim().slice(0, 200);
    if (res.status === 404 || res.status === 200) return { state: 'ok', server };
    const why =
      res.status === 401
        ? `it refused the access token in ${TOKEN_VARIABLE} (401${body ? `: ${body}` : ''})`
        : `it answered ${res.status}${body && !body.startsWith('<') ? ` (${body})` : ''}`;
    return { state: 'unusable', server, reason: why };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const reason =
      err.name === 'TimeoutError'
        ? `no answer within ${ms} ms (${TIMEOUT_VARIABLE})`
        : `cannot reach it (${err.cause?.code ?? err.cause?.message ?? err.message})`;
    return { state: 'unusable', server, reason };
  }
}

/** The warning printed when the run goes on without the remote cache. */
export function unusableWarning(check: { server: string; reason: string }): string {
  return (
    `[latentlens] remote cache ${check.server}: ${check.reason}. ` +
    'This run uses the local cache only: nothing is read from or written to the server.'
  );
}

/** The plugin's `preTasksExecution`: turns the remote cache off for this run if it is unusable. */
export async function preTasksExecution(): Promise<void> {
  const check = await checkRemoteCache();
  if (check.state !== 'unusable') return;
  console.warn(unusableWarning(check));
  process.env[SERVER_VARIABLE] = '';
}
