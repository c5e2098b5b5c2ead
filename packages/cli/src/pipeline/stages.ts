import type { Progress } from '@latentlens/data';
import type { MethodNames } from '@latentlens/export';
import type { PipelineConfig } from './pipelineSchema';

/**
 * The stages of a pipeline, one row each: what implements it, what it reads and writes, and how
 * it runs and sums itself up. `latentlens run` and `stage`, the per-stage commands, the artifact
 * paths, the Nx plugin and `validate` all read this table; a new stage is a new row (and its
 * package's code).
 *
 * The Nx plugin loads this file before anything is built, so it imports the stage packages only
 * inside `run` (lazily) and names their files here; `stages.test.ts` checks those names against
 * the packages' own.
 */
export type StageKind = 'data' | 'train' | 'encode' | 'neighbors' | 'reduce' | 'export';

/** A stage of a pipeline, as the Nx targets and the CLI name it: `reduce.<name>` for reductions. */
export type StageId = Exclude<StageKind, 'reduce'> | `reduce.${string}`;

/** A file (or folder) one stage writes and others read, by its stage and its name there. */
export interface Output {
  stage: StageKind;
  file: string;
  /** A folder of files (the model), rather than one file. */
  folder?: boolean;
  /** The stage that writes it instead in a pipeline of vectors (the data stage, for a table). */
  vectorsStage?: StageKind;
}

/**
 * What a pipeline starts from: images, which the autoencoder learns and encodes, or vectors a
 * table already holds (`data: { source: table }`), which its data stage writes as
 * embeddings.arrow itself: such a pipeline has no train or encode stage.
 */
export type PipelineKind = 'autoencoder' | 'vectors';

/** The source whose pipelines are of vectors (the registry's `table`; named here because the Nx plugin reads this file before anything is built). */
const VECTOR_SOURCE = 'table';

/** The kind of a pipeline, from its `data:` section (as validated, or as the plugin parsed it). */
export function pipelineKind(config: { data?: { source?: unknown } | null } | null): PipelineKind {
  return config?.data?.source === VECTOR_SOURCE ? 'vectors' : 'autoencoder';
}

/** Every file a stage writes that another stage reads. */
export const OUTPUTS = {
  dataset: { stage: 'data', file: 'dataset.arrow' },
  model: { stage: 'train', file: 'model', folder: true },
  history: { stage: 'train', file: 'history.arrow' },
  embeddings: { stage: 'encode', file: 'embeddings.arrow', vectorsStage: 'data' },
  reconstructions: { stage: 'encode', file: 'reconstructions.arrow' },
  neighbors: { stage: 'neighbors', file: 'neighbors.arrow' },
  projection: { stage: 'reduce', file: 'projection.arrow' },
} as const satisfies Record<string, Output>;
export type OutputName = keyof typeof OUTPUTS;

/** Where an output is written in a pipeline of this kind. */
export function outputOf(name: OutputName, kind: PipelineKind): Output {
  const output: Output = OUTPUTS[name];
  return kind === 'vectors' && output.vectorsStage
    ? { ...output, stage: output.vectorsStage }
    : output;
}

/** Where a stage runs: the pipeline, the paths of every output, its own folder. */
export interface StageRun {
  config: PipelineConfig;
  /** The path of an output; for `projection`, of the named reduction's. */
  path(output: OutputName, reduction?: string): string;
  outDir: string;
  /** The reduction's name (reduce stages only). */
  name: string;
  progress: Progress;
}

export interface StageRow<R> {
  kind: StageKind;
  /** Only in pipelines of this kind (train and encode: not in a pipeline of vectors). */
  only?: PipelineKind;
  /** The package whose sources implement it (its folder under packages/). */
  package: 'data' | 'model' | 'reduce' | 'export';
  /** The outputs of other stages it reads (the export reads every reduction's projection). */
  reads: OutputName[];
  /** What its Nx target does. */
  describe(name: string): string;
  run(r: StageRun): Promise<R>;
  /** What it made, for the one-line summary that ends every run of it. */
  summary(result: R): string;
}

/** A row, with its result type checked between `run` and `summary`. */
const row = <R>(r: StageRow<R>): StageRow<unknown> => r as StageRow<unknown>;

export const STAGES: readonly StageRow<unknown>[] = [
  row({
    kind: 'data',
    package: 'data',
    reads: [],
    describe: () => 'Load the images (or a table of vectors) into dataset.arrow',
    run: async ({ config, outDir, progress }) =>
      (await import('@latentlens/data')).runDataStage({ config: config.data, outDir, progress }),
    summary: (r) =>
      `${r.embeddingsPath ? `dataset.arrow + embeddings.arrow (${r.rows} vectors of ${r.dim}` : `dataset.arrow (${r.rows} images`}: ${Object.entries(
        r.perSplit,
      )
        .map(([s, c]) => `${s} ${c}`)
        .join(', ')}; source ${r.source})`,
  }),
  row({
    kind: 'train',
    only: 'autoencoder',
    package: 'model',
    reads: ['dataset'],
    describe: () => 'Train the autoencoder',
    run: async ({ config, path, outDir, progress }) =>
      (await import('@latentlens/model')).runTrainStage({
        config: config.train,
        datasetPath: path('dataset'),
        outDir,
        progress,
      }),
    summary: (r) =>
      `model/ + history.arrow (${r.epochs} epochs on ${r.samples} images, backend ${r.backend}, final loss ${r.finalLoss.toPrecision(4)}${r.resumedEpochs ? `, resumed after epoch ${r.resumedEpochs}` : ''}${r.stoppedEarly ? ', stopped early' : ''})`,
  }),
  row({
    kind: 'encode',
    only: 'autoencoder',
    package: 'model',
    reads: ['dataset', 'model'],
    describe: () => 'Encode images into embeddings.arrow',
    run: async ({ config, path, outDir, progress }) =>
      (await import('@latentlens/model')).runEncodeStage({
        config: config.encode,
        datasetPath: path('dataset'),
        modelDir: path('model'),
        outDir,
        progress,
      }),
    summary: (r) =>
      `embeddings.arrow + reconstructions.arrow (${r.rows} × ${r.dim}, backend ${r.backend}, ${r.workers} thread${r.workers > 1 ? 's' : ''})`,
  }),
  row({
    kind: 'neighbors',
    package: 'reduce',
    reads: ['embeddings'],
    describe: () => "Find each image's nearest neighbours in code space",
    run: async ({ config, path, outDir, progress }) =>
      (await import('@latentlens/reduce')).runNeighborsStage({
        config: { ...config.neighbors, seed: config.seed },
        embeddingsPath: path('embeddings'),
        outDir,
        progress,
      }),
    summary: (r) => `neighbors.arrow (${r.k} nearest of ${r.rows} codes, ${r.method})`,
  }),
  row({
    kind: 'reduce',
    package: 'reduce',
    reads: ['embeddings'],
    describe: (name) => `Reduce the embeddings: ${name}`,
    run: async ({ config, path, outDir, name, progress }) =>
      (await import('@latentlens/reduce')).runReduceStage({
        name,
        config: config.reduce[name],
        embeddingsPath: path('embeddings'),
        outDir,
        progress,
      }),
    summary: (r) =>
      `projection.arrow (${r.method}, ${r.rows} points in ${r.dims}-D; ${Object.entries(r.quality)
        .map(([k, v]) => `${k} ${v.toFixed(3)}`)
        .join(', ')})`,
  }),
  row({
    kind: 'export',
    package: 'export',
    reads: ['dataset', 'embeddings', 'neighbors', 'projection', 'history', 'reconstructions'],
    describe: () => 'Write projector files and pictures',
    run: async ({ config, path, outDir, progress }) =>
      (await import('@latentlens/export')).runExportStage({
        config: config.export,
        datasetPath: path('dataset'),
        embeddingsPath: path('embeddings'),
        projections: Object.keys(config.reduce).map((name) => ({
          name,
          path: path('projection', name),
        })),
        // A pipeline of vectors has no training history and no reconstructions.
        ...(pipelineKind(config) === 'autoencoder' && {
          historyPath: path('history'),
          reconstructionsPath: path('reconstructions'),
        }),
        neighborsPath: path('neighbors'),
        methods: await methodNames(),
        outDir,
        progress,
      }),
    summary: (r) =>
      `${r.points} points, ${r.projections} projections, ${r.figures.length} figures (tensorboard/, projector/, viewer/, report.html)`,
  }),
];

/**
 * Every reduction method's names for people, from reduce's registry, by id: the export shows
 * them in its figures, report and viewer, but may import only @latentlens/data.
 */
export async function methodNames(): Promise<Record<string, MethodNames>> {
  const { METHODS } = await import('@latentlens/reduce');
  return Object.fromEntries(
    METHODS.map((m) => [m.id, { displayName: m.displayName, axisLabel: m.axisLabel }]),
  );
}

/** The row of a stage, by its id or kind (`reduce.tsne` or `reduce` → the reduce row). */
export function stageRow(id: StageId | StageKind): StageRow<unknown> {
  const kind = id.split('.')[0];
  const found = STAGES.find((s) => s.kind === kind);
  if (!found) throw new Error(`unknown stage "${id}"`);
  return found;
}

/** The rows of a pipeline of this kind. */
export function stagesOf(kind: PipelineKind): readonly StageRow<unknown>[] {
  return STAGES.filter((s) => s.only === undefined || s.only === kind);
}

/** The stages of a pipeline in the order they run: one per row, one per reduction. */
export function stageIds(
  config: Pick<PipelineConfig, 'reduce'> & { data?: { source?: unknown } },
): StageId[] {
  return stagesOf(pipelineKind(config)).flatMap((s): StageId[] =>
    s.kind === 'reduce'
      ? Object.keys(config.reduce).map((name): StageId => `reduce.${name}`)
      : [s.kind as StageId],
  );
}
