import { writingOutput } from '../pipeline/outputLock';
import { Rule } from '@latentlens/data';
import { checkValue } from '../pipeline/validate';
import { StageKind, stageRow } from '../pipeline/stages';
import { summaryLine, terminalProgress } from '../terminal/progress';
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

/** The flag of a config key's path: its last key in kebab case (`download.timeoutMs` → `--timeout-ms`). */
export function defaultFlag(path: string): string {
  const key = path.replace(/\[\d+\]/g, '').replace(/^.*\./, '');
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Refuses flags that the pipeline YAML would refuse: `config` (built from the flags) goes through
 * the same schema `rule`, so a flag has the same range as its YAML key, and an absent flag the
 * same default. Returns the checked config, defaults filled in. The first problem is reported as
 * the flag that carries it: `flagOf` names it from the key's path (by default the last key in
 * kebab case, `batchSize` → `--batch-size`).
 */
export function checkFlags<T>(
  config: object,
  rule: Rule<T>,
  flagOf: (path: string) => string = defaultFlag,
): T {
  const { value, issues } = checkValue(config, rule);
  const [issue] = issues;
  if (!issue) return value as T;
  // An unknown key is itself the flag to name (`--param nonsense=1`).
  const unknown = /^unknown key "(.*)"$/.exec(issue.message);
  const path = unknown ? [issue.path, unknown[1]].filter(Boolean).join('.') : (issue.path ?? '');
  throw new UsageError(`${flagOf(path)}: ${issue.message} (${issue.fix})`);
}

/**
 * Runs the stage `kind` as a command writing `outDir`: as its only writer (the lock a pipeline
 * stage on the same folder takes too), with progress, then the stage's one-line summary (the
 * same as in a pipeline run) of what, where and how long.
 */
export async function runStageCommand(
  kind: StageKind,
  outDir: string,
  out: (l: string) => void,
  work: (p: ReturnType<typeof terminalProgress>) => Promise<unknown>,
): Promise<number> {
  const progress = terminalProgress(kind);
  const started = Date.now();
  const result = await writingOutput(
    outDir,
    `latentlens ${kind}`,
    (m) => progress.log(`warning: ${m}`),
    () => work(progress),
  );
  progress.finish();
  out(summaryLine(kind, stageRow(kind).summary(result), outDir, (Date.now() - started) / 1000));
  return 0;
}
