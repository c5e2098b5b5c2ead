import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
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

function reductionNames(text: string): string[] {
  try {
    const doc = parse(text) as { reduce?: unknown } | null;
    const reduce = doc?.reduce;
    return reduce && typeof reduce === 'object' && !Array.isArray(reduce)
      ? Object.keys(reduce)
      : [];
  } catch {
    return [];
  }
}

function nodesForFile(file: string, workspaceRoot: string): CreateNodesResult {
  const pipeline = file.replace(/^pipelines\//, '').replace(/\.ya?ml$/, '');
  const text = readFileSync(join(workspaceRoot, file), 'utf8');
  return {
    projects: {
      pipelines: {
        name: PIPELINE_PROJECT,
        root: 'pipelines',
        targets: pipelineTargets(pipeline, file, reductionNames(text)),
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
