/**
 * Maps one pipeline file to Nx targets: one cached target per stage plus an aggregate target.
 *
 * Hashing is designed around Nx's rule that a task's hash includes the whole configuration of its
 * project: target options never contain stage parameters (they would invalidate every stage on
 * any edit). Instead each stage hashes
 *   - its own YAML slice, through a `runtime` input (bin/stage-key.js prints it),
 *   - the sources of the package that implements it (and the data contracts it reads/writes),
 *   - the lockfile,
 *   - the *content* of its upstream stages' outputs (`dependentTasksOutputFiles`), so a stage
 *     re-runs only when what it reads actually changed — like DVC's deps.
 */
export interface TargetConfig {
  command?: string;
  executor?: string;
  options?: Record<string, unknown>;
  cache?: boolean;
  continuous?: boolean;
  inputs?: (string | Record<string, unknown>)[];
  outputs?: string[];
  dependsOn?: (string | { target: string; projects?: string[] })[];
  metadata?: { description?: string; technologies?: string[] };
}

export const PIPELINE_PROJECT = 'pipeline';
const CLI = 'node packages/cli/bin/latentlens.js';
const STAGE_KEY = 'node packages/cli/bin/stage-key.js';

/** Package folder(s) whose sources implement each kind of stage. */
const STAGE_PACKAGES: Record<string, string[]> = {
  data: ['data'],
  train: ['model', 'data'],
  encode: ['model', 'data'],
  reduce: ['reduce', 'data'],
  neighbors: ['reduce', 'data'],
  export: ['export', 'data'],
};

/** The browser viewer's sources, which the export stage copies (built) into its output. */
const EXTRA_SOURCES: Record<string, string[]> = {
  export: ['{workspaceRoot}/packages/export/viewer/**/*'],
};

function sourceInputs(kind: string): string[] {
  return [
    ...STAGE_PACKAGES[kind].flatMap((pkg) => [
      `{workspaceRoot}/packages/${pkg}/src/**/*`,
      `!{workspaceRoot}/packages/${pkg}/src/**/*.test.ts`,
    ]),
    ...(EXTRA_SOURCES[kind] ?? []),
  ];
}

/**
 * A word pasted into a target's shell command. Pipeline and reduction names are restricted to
 * letters, digits, "-" and "_" before they get here; this refuses anything else, so that no name
 * can ever reach a shell as syntax (no quoting to get wrong).
 */
function shellWord(word: string): string {
  if (!/^[A-Za-z0-9_./-]+$/.test(word))
    throw new Error(`refusing to put ${JSON.stringify(word)} into a shell command`);
  return word;
}

export function stageTargetName(pipeline: string, stage: string): string {
  return `${pipeline}-${stage.replace('.', '-')}`;
}

/** Targets for `pipelines/<pipeline>.yaml` with the given reduction names. */
export function pipelineTargets(
  pipeline: string,
  file: string,
  reductions: string[],
): Record<string, TargetConfig> {
  const buildCli = { target: 'build', projects: ['@latentlens/cli'] };
  const out = `{workspaceRoot}/artifacts/${pipeline}`;
  const stage = (
    id: string,
    upstream: string[],
    upstreamFiles: string[],
    outputs: string[],
    description: string,
  ): TargetConfig => {
    const kind = id.split('.')[0];
    const args = `${shellWord(file)} ${shellWord(id)}`;
    return {
      command: `${CLI} stage ${args}`,
      cache: true,
      inputs: [
        { runtime: `${STAGE_KEY} ${args}` },
        ...sourceInputs(kind),
        '{workspaceRoot}/package-lock.json',
        ...upstreamFiles.map((pattern) => ({ dependentTasksOutputFiles: pattern })),
      ],
      outputs,
      dependsOn: [buildCli, ...upstream.map((s) => stageTargetName(pipeline, s))],
      metadata: { description, technologies: ['latentlens'] },
    };
  };

  const targets: Record<string, TargetConfig> = {
    [stageTargetName(pipeline, 'data')]: stage(
      'data',
      [],
      [],
      [`${out}/data`],
      'Load the images into dataset.arrow',
    ),
    [stageTargetName(pipeline, 'train')]: stage(
      'train',
      ['data'],
      ['**/dataset.arrow'],
      [`${out}/train`],
      'Train the autoencoder',
    ),
    [stageTargetName(pipeline, 'encode')]: stage(
      'encode',
      ['data', 'train'],
      ['**/dataset.arrow', '**/model/*'],
      [`${out}/encode`],
      'Encode images into embeddings.arrow',
    ),
  };
  targets[stageTargetName(pipeline, 'neighbors')] = stage(
    'neighbors',
    ['encode'],
    ['**/embeddings.arrow'],
    [`${out}/neighbors`],
    "Find each image's nearest neighbours in code space",
  );
  for (const name of reductions) {
    targets[stageTargetName(pipeline, `reduce.${name}`)] = stage(
      `reduce.${name}`,
      ['encode'],
      ['**/embeddings.arrow'],
      [`${out}/reduce/${name}`],
      `Reduce the embeddings: ${name}`,
    );
  }
  targets[stageTargetName(pipeline, 'export')] = stage(
    'export',
    ['data', 'train', 'encode', 'neighbors', ...reductions.map((r) => `reduce.${r}`)],
    ['**/*.arrow'],
    [`${out}/export`],
    'Write projector files and pictures',
  );
  targets[pipeline] = {
    executor: 'nx:noop',
    dependsOn: [stageTargetName(pipeline, 'export')],
    metadata: { description: `Run the whole ${pipeline} pipeline`, technologies: ['latentlens'] },
  };
  // Brings the export up to date (from cache when nothing changed), then serves its viewer until
  // Ctrl-C; `--port`/`--host` after the target name reach `latentlens serve`.
  targets[`${pipeline}-serve`] = {
    command: `${CLI} serve ${shellWord(`artifacts/${pipeline}/export/viewer`)}`,
    cache: false,
    continuous: true,
    dependsOn: [stageTargetName(pipeline, 'export')],
    metadata: {
      description: `Serve the ${pipeline} pipeline's viewer on http://127.0.0.1:6006/`,
      technologies: ['latentlens'],
    },
  };
  return targets;
}
