import { stageDir } from '../pipeline/paths';
import { PipelineKind, StageId, StageKind, StageRow, outputOf, stagesOf } from '../pipeline/stages';

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

/**
 * The sources a stage's results depend on: its package's and those of `@latentlens/data` (the
 * contracts every stage reads and writes), tests excluded, the scripts that make sources at build
 * time (reduce's scripts/wasm.js compiles its WebAssembly kernels), and for the export the viewer
 * app it copies (built) into its output.
 */
function sourceInputs(row: StageRow<unknown>): string[] {
  const packages = [...new Set([row.package, 'data'])];
  return [
    ...packages.flatMap((pkg) => [
      `{workspaceRoot}/packages/${pkg}/src/**/*`,
      `!{workspaceRoot}/packages/${pkg}/src/**/*.test.ts`,
      `{workspaceRoot}/packages/${pkg}/scripts/**/*`,
    ]),
    ...(row.kind === 'export' ? ['{workspaceRoot}/packages/export/viewer/**/*'] : []),
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

export function stageTargetName(pipeline: string, stage: StageId): string {
  return `${pipeline}-${stage.replace('.', '-')}`;
}

/**
 * Targets for `pipelines/<pipeline>.yaml` with the given reduction names: a row of STAGES each
 * (a pipeline of vectors has no train or encode, and reads embeddings.arrow from its data stage).
 */
export function pipelineTargets(
  pipeline: string,
  file: string,
  reductions: string[],
  kind: PipelineKind = 'autoencoder',
): Record<string, TargetConfig> {
  const buildCli = { target: 'build', projects: ['@latentlens/cli'] };
  /** The stage ids of a kind: one per reduction for `reduce`. */
  const idsOf = (kind: StageKind): StageId[] =>
    kind === 'reduce' ? reductions.map((r): StageId => `reduce.${r}`) : [kind as StageId];
  const targets: Record<string, TargetConfig> = {};
  const rows = stagesOf(kind);
  for (const row of rows) {
    // Only what a stage of this pipeline writes (no history or reconstructions without train).
    const reads = row.reads
      .map((o) => outputOf(o, kind))
      .filter((o) => rows.some((s) => s.kind === o.stage));
    const readFrom = new Set<StageKind>(reads.map((o) => o.stage));
    const upstream = rows.filter((s) => readFrom.has(s.kind)).flatMap((s) => idsOf(s.kind));
    const upstreamFiles = reads.map((output) =>
      output.folder ? `**/${output.file}/*` : `**/${output.file}`,
    );
    for (const id of idsOf(row.kind)) {
      const args = `${shellWord(file)} ${shellWord(id)}`;
      targets[stageTargetName(pipeline, id)] = {
        command: `${CLI} stage ${args}`,
        cache: true,
        inputs: [
          { runtime: `${STAGE_KEY} ${args}` },
          ...sourceInputs(row),
          '{workspaceRoot}/package-lock.json',
          ...upstreamFiles.map((pattern) => ({ dependentTasksOutputFiles: pattern })),
        ],
        outputs: [`{workspaceRoot}/${stageDir('.', pipeline, id).replace(/^\.\//, '')}`],
        dependsOn: [buildCli, ...upstream.map((s) => stageTargetName(pipeline, s))],
        metadata: {
          description: row.describe(id.split('.')[1] ?? ''),
          technologies: ['latentlens'],
        },
      };
    }
  }
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
