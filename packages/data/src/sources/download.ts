import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { temporarySibling } from '../io/atomic';
import { isProcessAlive } from '../io/processAlive';
import { Progress } from '../io/progress';
import { RemoteFile } from './catalog';
import { Digester, FileDigests, checksumProblem, digestsOf } from './checksum';
import { SourceUnavailableError } from './types';

export interface DownloadOptions {
  /**
   * Longest silence, in ms, before a request is abandoned: waiting for the response, or for the
   * next bytes of its body. A slow download that keeps moving is never cut off.
   */
  timeoutMs?: number;
  /**
   * Further attempts on the same mirror after a timeout, a dropped connection or HTTP 5xx/408/429
   * (a host that cannot be reached at all, or a 404, moves straight on to the next mirror).
   */
  retries?: number;
  /** Pause before the first retry, in ms; doubled before each further one. */
  retryDelayMs?: number;
}

export const DOWNLOAD_DEFAULTS: Required<DownloadOptions> = {
  timeoutMs: 30_000,
  retries: 2,
  retryDelayMs: 1_000,
};

/** A file in the download cache that matches its published checksum. */
export interface VerifiedFile {
  path: string;
  /** The URL it was downloaded from just now; absent on a cache hit. */
  url?: string;
  bytes: Uint8Array;
  sha256: string;
}

/** One failed attempt at one URL; `retry` says whether the same URL may work on another try. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/**
 * The verified bytes of `file`: from `cacheDir` when present and intact (no network), else from
 * the first mirror that serves the right bytes. Downloads stream into a temporary sibling of the
 * cache entry and are renamed into place only after they pass the checksum, so a partial or bad
 * file never sits at the final path.
 *
 * Throws SourceUnavailableError when every mirror fails, *including* when every mirror served
 * bytes with the wrong checksum: a captive portal or a broken proxy makes the data just as
 * unreachable as no network does, and the message names each URL and what it served. A cache
 * that cannot be written is a plain Error: the fallback would not cure it.
 */
export async function fetchVerified(
  file: RemoteFile,
  mirrors: string[],
  cacheDir: string,
  progress: Progress,
  options: DownloadOptions = {},
): Promise<VerifiedFile> {
  // `??`, not a spread: an option given as undefined still means "the default".
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_DEFAULTS.timeoutMs;
  const retries = options.retries ?? DOWNLOAD_DEFAULTS.retries;
  const retryDelayMs = options.retryDelayMs ?? DOWNLOAD_DEFAULTS.retryDelayMs;
  const target = join(cacheDir, file.name);
  const cached = readCached(file, target, progress);
  if (cached) return cached;
  try {
    mkdirSync(cacheDir, { recursive: true });
  } catch (error) {
    throw new Error(
      `cannot create the download cache ${cacheDir}: ${(error as Error).message} (set LATENTLENS_CACHE to a writable folder)`,
    );
  }
  for (const stale of sweepStaleDownloads(cacheDir))
    progress.log(`removed an abandoned download: ${stale}`);
  const failures: string[] = [];
  for (const mirror of mirrors) {
    const url = new URL(file.name, mirror).href;
    for (let attempt = 0; ; attempt++) {
      const tmp = temporarySibling(target);
      try {
        const digests = await downloadTo(url, tmp, timeoutMs, progress);
        const problem = checksumProblem(file, digests);
        if (problem) throw new AttemptError(`${url} served bad bytes (${problem})`, false);
        renameSync(tmp, target);
        return { path: target, url, bytes: readFileSync(target), sha256: digests.sha256 };
      } catch (error) {
        rmSync(tmp, { force: true });
        if (!(error instanceof AttemptError)) {
          throw new Error(`cannot write ${target}: ${(error as Error).message}`, { cause: error });
        }
        if (error.retry && attempt < retries) {
          const delay = retryDelayMs * 2 ** attempt;
          progress.log(`${error.message}; retry ${attempt + 1} of ${retries} in ${delay} ms`);
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        const tries = attempt > 0 ? ` (${attempt + 1} attempts)` : '';
        failures.push(`${error.message}${tries}`);
        progress.log(`${error.message}${tries}; giving up on this mirror`);
        break;
      }
    }
  }
  throw new SourceUnavailableError(
    `cannot download ${file.name}: ${failures.join('; ') || 'no mirrors'}`,
  );
}

/** A temporary download older than this is taken to be abandoned, whoever its owner is. */
export const STALE_DOWNLOAD_HOURS = 24;

/**
 * Removes, from `cacheDir`, the temporary files of downloads that can no longer finish: those
 * whose process (the pid in their name, see `temporarySibling`) is gone, and any older than
 * STALE_DOWNLOAD_HOURS (a pid may have been reused). Returns the paths removed.
 */
export function sweepStaleDownloads(cacheDir: string): string[] {
  const removed: string[] = [];
  const now = Date.now();
  for (const name of readdirSync(cacheDir)) {
    const owner = /\.tmp-(\d+)-[0-9a-f]{8}$/.exec(name);
    if (!owner) continue;
    const path = join(cacheDir, name);
    try {
      const age = now - statSync(path).mtimeMs;
      if (isProcessAlive(Number(owner[1])) && age < STALE_DOWNLOAD_HOURS * 3_600_000) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // Gone already (its download finished or another sweep took it).
    }
  }
  return removed;
}

function readCached(file: RemoteFile, path: string, progress: Progress): VerifiedFile | undefined {
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  const digests = digestsOf(bytes);
  const problem = checksumProblem(file, digests);
  if (!problem) return { path, bytes, sha256: digests.sha256 };
  progress.log(
    `warning: cached ${path} fails its checksum (${problem}); deleting it and downloading again`,
  );
  rmSync(path, { force: true });
  return undefined;
}

/** Streams `url` into `path`, hashing on the way; network trouble becomes an AttemptError. */
async function downloadTo(
  url: string,
  path: string,
  timeoutMs: number,
  progress: Progress,
): Promise<FileDigests> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  };
  const networkFailure = (error: unknown, context = '') =>
    controller.signal.aborted
      ? new AttemptError(`${url}: no data for ${timeoutMs} ms${context}`, true)
      : new AttemptError(`${url}: ${networkMessage(error)}${context}`, !unreachable(error));

  const out = await open(path, 'w');
  try {
    rearm();
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal });
    } catch (error) {
      throw networkFailure(error);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const status = response.status;
      throw new AttemptError(
        `${url}: HTTP ${status}`,
        status >= 500 || status === 408 || status === 429,
      );
    }
    const total = Number(response.headers.get('content-length')) || undefined;
    const meter = downloadMeter(url, total, progress);
    const digester = new Digester();
    let received = 0;
    const reader = response.body?.getReader();
    while (reader) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        throw networkFailure(error, ` after ${received}${total ? ` of ${total}` : ''} bytes`);
      }
      if (next.done) break;
      rearm();
      digester.update(next.value);
      await out.write(next.value);
      received += next.value.length;
      meter(received);
    }
    if (total !== undefined && received !== total) {
      throw new AttemptError(`${url}: body ended after ${received} of ${total} bytes`, true);
    }
    meter(received, true);
    await out.sync();
    return digester.digest();
  } finally {
    clearTimeout(timer);
    await out.close();
  }
}

type NetworkError = { cause?: { code?: string; message?: string } };

function networkMessage(error: unknown): string {
  const cause = (error as NetworkError).cause;
  return cause?.message ?? cause?.code ?? (error as Error).message;
}

/**
 * Failures to reach a host at all (no DNS, no route, nothing listening, a port fetch refuses).
 * Retrying them seconds later rarely helps and only delays the next mirror, or the fallback
 * when the machine is offline.
 */
const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
]);

function unreachable(error: unknown): boolean {
  const cause = (error as NetworkError).cause;
  return UNREACHABLE.has(cause?.code ?? '') || cause?.message === 'bad port';
}

/** Reports bytes received and the rate, at most five times a second (and once at the end). */
function downloadMeter(url: string, total: number | undefined, progress: Progress) {
  progress.phase(`download ${url}`, total);
  const started = Date.now();
  let last = 0;
  return (received: number, final = false) => {
    const now = Date.now();
    if (!final && now - last < 200) return;
    last = now;
    const rate = received / Math.max(0.001, (now - started) / 1000);
    progress.update(received, `${megabytes(received)} at ${megabytes(rate)}/s`);
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
