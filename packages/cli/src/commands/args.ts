import { writingOutput } from '../pipeline/outputLock';
import { formatDuration, terminalProgress } from '../terminal/progress';
import { UsageError } from './command';

/**
 * The stages on explicit files, without a pipeline or Nx: each option maps onto the stage
 * adapter's config, nothing more.
 */
export type Values = Record<string, string | boolean | string[] | undefined>;

export function need(values: Values, key: string): string {
  const v = values[key];
  if (typeof v !== 'string' || !v) throw new UsageError(`--${key} is required`);
  return v;
}

export function numberOpt(values: Values, key: string): number | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n))
    throw new UsageError(`--${key} takes a number, got "${v}"`);
  return n;
}

/**
 * Runs a command that writes `outDir`: as its only writer (the lock a pipeline stage on the same
 * folder takes too), with progress, then the one-line summary of what, where and how long.
 */
export async function timed<T>(
  label: string,
  outDir: string,
  out: (l: string) => void,
  work: (p: ReturnType<typeof terminalProgress>) => Promise<T>,
  summary: (r: T) => string,
) {
  const progress = terminalProgress(label);
  const started = Date.now();
  const result = await writingOutput(
    outDir,
    `latentlens ${label}`,
    (m) => progress.log(`warning: ${m}`),
    () => work(progress),
  );
  progress.finish();
  out(`✔ ${label}: ${summary(result)} in ${formatDuration((Date.now() - started) / 1000)}`);
  return 0;
}
