import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic';
import { Progress } from '../io/progress';
import { RemoteFile } from './catalog';
import { SourceUnavailableError } from './types';

export interface DownloadOptions {
  /** Give up on one request after this long without completing, in ms. */
  timeoutMs?: number;
  /** Attempts per mirror before moving to the next one. */
  retries?: number;
}

function checksumProblem(file: RemoteFile, bytes: Uint8Array): string | undefined {
  if (file.sha256) {
    const got = createHash('sha256').update(bytes).digest('hex');
    if (got !== file.sha256) return `SHA-256 ${got}, expected ${file.sha256}`;
  }
  if (file.md5) {
    const got = createHash('md5').update(bytes).digest('hex');
    if (got !== file.md5) return `MD5 ${got}, expected ${file.md5}`;
  }
  return undefined;
}

/**
 * The verified bytes of `file`: from the cache when present and intact, else from the first
 * mirror that serves the right bytes. Bytes only reach the cache after they pass the checksum.
 */
export async function fetchVerified(
  file: RemoteFile,
  mirrors: string[],
  cacheDir: string,
  progress: Progress,
  options: DownloadOptions = {},
): Promise<{ bytes: Uint8Array; url: string }> {
  const cached = join(cacheDir, file.name);
  if (existsSync(cached)) {
    const bytes = readFileSync(cached);
    if (!checksumProblem(file, bytes)) return { bytes, url: `file://${cached}` };
    progress.log(`warning: cached ${cached} fails its checksum; fetching it again`);
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 2;
  const failures: string[] = [];
  for (const mirror of mirrors) {
    const url = mirror + file.name;
    for (let attempt = 1; attempt <= retries; attempt++) {
      try {
        const bytes = await fetchBytes(url, timeoutMs, progress);
        const problem = checksumProblem(file, bytes);
        if (problem) {
          failures.push(`${url} served bad bytes (${problem})`);
          break;
        }
        mkdirSync(cacheDir, { recursive: true });
        writeFileAtomic(cached, bytes);
        return { bytes, url };
      } catch (error) {
        failures.push(`${url}: ${(error as Error).message}`);
      }
    }
  }
  throw new SourceUnavailableError(`cannot download ${file.name}: ${failures.join('; ')}`);
}

async function fetchBytes(url: string, timeoutMs: number, progress: Progress): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || undefined;
  progress.phase(`download ${url}`, total);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const started = Date.now();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    received += chunk.length;
    const rate = received / Math.max(0.001, (Date.now() - started) / 1000);
    progress.update(received, `${(rate / 1e6).toFixed(1)} MB/s`);
  }
  return Buffer.concat(chunks);
}
