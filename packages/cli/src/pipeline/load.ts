import { readFileSync } from 'node:fs';
import { reductionMethod } from '@latentlens/reduce';
import { PipelineConfig } from './config';
import { pipelineNameProblem } from './name';
import { pipelineSchema } from './pipelineSchema';
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
  const { value, issues } = validateYaml(text, pipelineSchema, '');
  if (!value) throw new PipelineError(issues.map((i) => formatIssue(file, i)));
  const config = value;
  config.data.seed ??= config.seed;
  config.train.seed ??= config.seed;
  for (const r of Object.values(config.reduce)) {
    if (reductionMethod(r.method).seeded) r.seed ??= config.seed;
  }
  return { name, file, config };
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
