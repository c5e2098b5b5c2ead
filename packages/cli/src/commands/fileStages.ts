import {
  SOURCE_NAMES,
  SourceName,
  countPerSplit,
  datasetMetadata,
  readArrowFile,
  runDataStage,
  tableToDataset,
} from '@latentlens/data';
import { runExportStage } from '@latentlens/export';
import { runEncodeStage, runTrainStage } from '@latentlens/model';
import { runReduceStage } from '@latentlens/reduce';
import { ReduceSection } from '../pipeline/config';
import { formatDuration, terminalProgress } from '../terminal/progress';
import { Command, UsageError } from './command';

/**
 * The stages on explicit files, without a pipeline or Nx: each option maps onto the stage
 * adapter's config, nothing more.
 */
type Values = Record<string, string | boolean | string[] | undefined>;

function need(values: Values, key: string): string {
  const v = values[key];
  if (typeof v !== 'string' || !v) throw new UsageError(`--${key} is required`);
  return v;
}

function numberOpt(values: Values, key: string): number | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n)) throw new UsageError(`--${key} takes a number, got "${v}"`);
  return n;
}

async function timed<T>(label: string, out: (l: string) => void, work: (p: ReturnType<typeof terminalProgress>) => Promise<T>, summary: (r: T) => string) {
  const progress = terminalProgress(label);
  const started = Date.now();
  const result = await work(progress);
  progress.finish();
  out(`✔ ${label}: ${summary(result)} in ${formatDuration((Date.now() - started) / 1000)}`);
  return 0;
}

export const dataCommand: Command = {
  name: 'data',
  summary: 'Load images from a source into dataset.arrow, or inspect one',
  usage: 'latentlens data --source <name> --out <dir> [options] | latentlens data --inspect <dataset.arrow>',
  options: {
    source: { type: 'string', description: `one of ${SOURCE_NAMES.join(', ')}` },
    fallback: { type: 'string', description: 'comma-separated sources to try when the first is unavailable' },
    dir: { type: 'string', description: 'idx source: folder of the four idx(.gz) files' },
    limit: { type: 'string', description: 'keep the first N images of each split' },
    sample: { type: 'string', description: 'keep a stratified random N images of each split' },
    seed: { type: 'string', description: 'seed for splits and samples (default 0)' },
    out: { type: 'string', description: 'output folder (dataset.arrow is written there)' },
    inspect: { type: 'string', description: 'print rows per split, label counts and provenance of a dataset.arrow' },
  },
  async run({ values, out }) {
    if (typeof values.inspect === 'string') {
      const table = readArrowFile(values.inspect);
      const ds = tableToDataset(table, values.inspect);
      const counts = new Map<number, number>();
      ds.labels.forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
      out(`${values.inspect}: ${ds.ids.length} images of ${ds.rows}×${ds.cols} from ${ds.source}`);
      out(`splits: ${JSON.stringify(countPerSplit(ds))}`);
      out(`labels: ${[...counts].sort((a, b) => a[0] - b[0]).map(([l, c]) => `${ds.classNames[l] ?? l}=${c}`).join(' ')}`);
      out(`provenance: ${JSON.stringify(datasetMetadata(table).provenance)}`);
      return 0;
    }
    const source = (values.source ?? 'mnist') as SourceName;
    if (!SOURCE_NAMES.includes(source)) throw new UsageError(`unknown source "${source}" (use ${SOURCE_NAMES.join(', ')})`);
    const fallback = typeof values.fallback === 'string' ? (values.fallback.split(',') as SourceName[]) : [];
    const config = {
      source,
      fallback,
      dir: values.dir as string | undefined,
      limit: numberOpt(values, 'limit'),
      sample: numberOpt(values, 'sample'),
      seed: numberOpt(values, 'seed') ?? 0,
    };
    const outDir = need(values, 'out');
    return timed('data', out, (progress) => runDataStage({ config, outDir, progress }), (r) => `${r.path} (${r.rows} images, ${JSON.stringify(r.perSplit)})`);
  },
};

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train the autoencoder on the train split of a dataset.arrow',
  usage: 'latentlens train --dataset <dataset.arrow> --out <dir> [options]',
  options: {
    dataset: { type: 'string', description: 'input dataset.arrow' },
    out: { type: 'string', description: 'output folder (model/, history.arrow)' },
    epochs: { type: 'string', description: 'epochs (default 30)' },
    'batch-size': { type: 'string', description: 'batch size (default 50)' },
    'learning-rate': { type: 'string', description: 'Adam learning rate (default 0.001)' },
    backend: { type: 'string', description: 'auto | tensorflow | wasm | cpu (default auto)' },
    seed: { type: 'string', description: 'seed (default 0)' },
  },
  async run({ values, out }) {
    const config = {
      epochs: numberOpt(values, 'epochs'),
      batchSize: numberOpt(values, 'batch-size'),
      learningRate: numberOpt(values, 'learning-rate'),
      backend: values.backend as 'auto' | undefined,
      seed: numberOpt(values, 'seed'),
    };
    const datasetPath = need(values, 'dataset');
    const outDir = need(values, 'out');
    return timed('train', out, (progress) => runTrainStage({ config, datasetPath, outDir, progress }), (r) => `${outDir} (backend ${r.backend}, ${r.epochs} epochs, final loss ${r.finalLoss.toPrecision(4)})`);
  },
};

export const encodeCommand: Command = {
  name: 'encode',
  summary: 'Encode images of a dataset.arrow into embeddings.arrow with a trained model',
  usage: 'latentlens encode --dataset <dataset.arrow> --model <model dir> --out <dir> [--splits test]',
  options: {
    dataset: { type: 'string', description: 'input dataset.arrow' },
    model: { type: 'string', description: 'model folder written by train' },
    out: { type: 'string', description: 'output folder (embeddings.arrow)' },
    splits: { type: 'string', description: 'comma-separated splits to encode (default test)' },
  },
  async run({ values, out }) {
    const splits = (typeof values.splits === 'string' ? values.splits.split(',') : ['test']) as ('train' | 'test')[];
    const args = { config: { splits }, datasetPath: need(values, 'dataset'), modelDir: need(values, 'model'), outDir: need(values, 'out') };
    return timed('encode', out, (progress) => runEncodeStage({ ...args, progress }), (r) => `${args.outDir}/embeddings.arrow (${r.rows} × ${r.dim})`);
  },
};

export const reduceCommand: Command = {
  name: 'reduce',
  summary: 'Project embeddings.arrow to 2-D or 3-D with t-SNE, PCA or UMAP',
  usage: 'latentlens reduce --embeddings <embeddings.arrow> --method <tsne|tsne-exact|pca|umap> --out <dir> [--param key=value]...',
  options: {
    embeddings: { type: 'string', description: 'input embeddings.arrow' },
    method: { type: 'string', description: 'tsne | tsne-exact | pca | umap' },
    out: { type: 'string', description: 'output folder (projection.arrow)' },
    name: { type: 'string', description: 'name recorded in the projection (default: the method)' },
    dims: { type: 'string', description: 'output dimensions' },
    param: { type: 'string', multiple: true, description: 'method parameter, e.g. perplexity=30 (repeatable)' },
  },
  async run({ values, out }) {
    const method = need(values, 'method');
    const config: ReduceSection = { method };
    if (values.dims !== undefined) config.dims = numberOpt(values, 'dims');
    for (const kv of (values.param as string[] | undefined) ?? []) {
      const [k, v] = kv.split('=');
      if (!k || v === undefined) throw new UsageError(`--param takes key=value, got "${kv}"`);
      config[k] = v === 'auto' || Number.isNaN(Number(v)) ? v : Number(v);
    }
    const args = { name: (values.name as string) ?? method, config, embeddingsPath: need(values, 'embeddings'), outDir: need(values, 'out') };
    return timed('reduce', out, (progress) => runReduceStage({ ...args, progress }), (r) => `${args.outDir}/projection.arrow (${r.rows} points, ${JSON.stringify(r.quality)})`);
  },
};

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write TensorBoard and standalone projector files from the artifacts',
  usage: 'latentlens export --dataset <dataset.arrow> --embeddings <embeddings.arrow> --projection <name>=<projection.arrow>... --out <dir>',
  options: {
    dataset: { type: 'string', description: 'dataset.arrow (thumbnails and class names)' },
    embeddings: { type: 'string', description: 'embeddings.arrow' },
    projection: { type: 'string', multiple: true, description: 'name=path of a projection.arrow (repeatable)' },
    out: { type: 'string', description: 'output folder' },
    'invert-sprite': { type: 'boolean', description: 'dark digits on white thumbnails' },
  },
  async run({ values, out }) {
    const projections = ((values.projection as string[] | undefined) ?? []).map((kv) => {
      const at = kv.indexOf('=');
      if (at < 1) throw new UsageError(`--projection takes name=path, got "${kv}"`);
      return { name: kv.slice(0, at), path: kv.slice(at + 1) };
    });
    const args = {
      config: { invertSprite: Boolean(values['invert-sprite']) },
      datasetPath: need(values, 'dataset'),
      embeddingsPath: need(values, 'embeddings'),
      projections,
      outDir: need(values, 'out'),
    };
    return timed('export', out, (progress) => runExportStage({ ...args, progress }), (r) => `${args.outDir} (${r.points} points, ${r.projections} projections)`);
  },
};
