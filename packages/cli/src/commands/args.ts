import { writingOutput } from '../pipeline/outputLock';
import { Rule } from '../pipeline/schema';
import { checkValue } from '../pipeline/validate';
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
/** The flag of a config key's path: its last key in kebab case (`download.timeoutMs` → `--timeout-ms`). */
export function defaultFlag(path: string): string {
  const key = path.replace(/\[\d+\]/g, '').replace(/^.*\./, '');
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Refuses flags that the pipeline YAML would refuse: `config` (built from the flags) goes through
 * the same schema `rule`, so a flag has the same range as its YAML key. The first problem is
 * reported as the flag that carries it: `flagOf` names it from the key's path (by default the
 * last key in kebab case, `batchSize` → `--batch-size`).
 */
export function checkFlags(
  config: object,
  rule: Rule,
  flagOf: (path: string) => string = defaultFlag,
): void {
  const [issue] = checkValue(config, rule);
  if (!issue) return;
  // An unknown key is itself the flag to name (`--param nonsense=1`).
  const unknown = /^unknown key "(.*)"$/.exec(issue.message);
  const path = unknown ? [issue.path, unknown[1]].filter(Boolean).join('.') : (issue.path ?? '');
  throw new UsageError(`${flagOf(path)}: ${issue.message} (${issue.fix})`);
}

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
