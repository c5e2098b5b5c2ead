import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REDUCTION_NAME, pipelineNameProblem } from '../pipeline/name';
import { PipelineKind, pipelineKind } from '../pipeline/stages';
import { PIPELINE_PROJECT, TargetConfig, pipelineTargets } from './targets';

/**
 * The Nx plugin: every `pipelines/*.yaml` adds its stage targets to the project `pipeline`.
 * It reads only the structure it needs (the reduction names); the stages validate the file
 * strictly when they run, so a broken file fails with line and column there.
 */
type CreateNodesResult = {
  projects?: Record<
    string,
    { name?: string; root?: string; targets?: Record<string, TargetConfig> }
  >;
};

/**
 * The reduction names of a pipeline file, and its kind (images or a table of vectors). A name the
 * schema refuses is an error here, at plugin load, since it would become part of a target's
 * command and output path.
 */
function pipelineShape(text: string, file: string): { reductions: string[]; kind: PipelineKind } {
  let doc: { reduce?: unknown; data?: { source?: unknown } } | null;
  try {
    // Repeated keys are the validator's to report (the parser's check is quadratic).
    doc = parse(text, { uniqueKeys: false, merge: true });
  } catch {
    return { reductions: [], kind: 'autoencoder' };
  }
  const kind = pipelineKind(doc && typeof doc === 'object' ? doc : null);
  const reduce = doc?.reduce;
  if (!reduce || typeof reduce !== 'object' || Array.isArray(reduce))
    return { reductions: [], kind };
  const names = Object.keys(reduce);
  const bad = names.find((n) => !REDUCTION_NAME.pattern.test(n));
  if (bad !== undefined)
    throw new Error(`${file}: reduce: "${bad}" is not a valid name (${REDUCTION_NAME.hint})`);
  return { reductions: names, kind };
}

/**
 * A file whose name is not a safe pipeline name is an error here, at plugin load: its name
 * would become part of the targets' shell commands and of the paths under `artifacts/`.
 */
function nodesForFile(file: string, workspaceRoot: string): CreateNodesResult {
  const { name: pipeline, problem } = pipelineNameProblem(file);
  if (problem) throw new Error(`${file}: ${problem}`);
  const text = readFileSync(join(workspaceRoot, file), 'utf8');
  const { reductions, kind } = pipelineShape(text, file);
  return {
    projects: {
      pipelines: {
        name: PIPELINE_PROJECT,
        root: 'pipelines',
        targets: pipelineTargets(pipeline, file, reductions, kind),
      },
    },
  };
}

export const createNodesV2 = [
  'pipelines/*.{yaml,yml}',
  async (files: readonly string[], _options: unknown, context: { workspaceRoot: string }) =>
    files.map((file) => [file, nodesForFile(file, context.workspaceRoot)] as const),
] as const;

export const createNodes = createNodesV2;
export const name = '@latentlens/nx-plugin';
export { preTasksExecution } from './remoteCache';
