import { readFileSync } from 'node:fs';
import { Document, isMap, isScalar } from 'yaml';
import { reductionMethod } from '@latentlens/reduce';
import { PipelineConfig } from './config';
import { pipelineNameProblem } from './name';
import { pipelineSchema } from './pipelineSchema';
import { pipelineKind, stagesOf } from './stages';
import { formatIssue, validateYaml } from './validate';

/** A pipeline file that failed validation; `lines` are ready to print, one per problem. */
export class PipelineError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export interface LoadedPipeline {
  /** Pipeline name: the file name without `.yaml`. */
  name: string;
  file: string;
  config: PipelineConfig;
}

/** Validates pipeline text; seeds missing from a stage default to the top-level seed. */
export function parsePipeline(text: string, file: string): LoadedPipeline {
  const { name, problem } = pipelineNameProblem(file);
  if (problem) throw new PipelineError([`${file}:1:1: ${problem}`]);
  const { value, issues, document } = validateYaml(text, pipelineSchema, '');
  if (!value) throw new PipelineError(issues.map((i) => formatIssue(file, i)));
  const absent = absentSections(text, document, pipelineKind(value));
  if (absent.length) throw new PipelineError(absent.map((i) => formatIssue(file, i)));
  const config = value;
  config.data.seed ??= config.seed;
  config.train.seed ??= config.seed;
  for (const r of Object.values(config.reduce)) {
    if (reductionMethod(r.method).seeded) r.seed ??= config.seed;
  }
  return { name, file, config };
}

/** Sections of the file whose stage a pipeline of this kind has not (train, encode over a table). */
function absentSections(text: string, document: Document, kind: ReturnType<typeof pipelineKind>) {
  const present = new Set<string>(stagesOf(kind).map((s) => s.kind));
  const root = document.contents;
  if (!isMap(root)) return [];
  return root.items.flatMap((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!['train', 'encode'].includes(key) || present.has(key)) return [];
    const offset = (pair.key as { range?: [number] }).range?.[0] ?? 0;
    const before = text.slice(0, offset).split('\n');
    return [
      {
        line: before.length,
        col: before[before.length - 1].length + 1,
        path: key,
        message: `a pipeline over a table of vectors (data: { source: table }) has no ${key} stage: its vectors go straight to neighbors and reduce`,
        fix: `remove the ${key}: section, or use a source of images`,
      },
    ];
  });
}

export function loadPipeline(file: string): LoadedPipeline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PipelineError([
      `${file}:1:1: cannot read the pipeline (${(error as NodeJS.ErrnoException).code}) (check the path)`,
    ]);
  }
  return parsePipeline(text, file);
}
