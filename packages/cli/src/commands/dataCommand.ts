import {
  SOURCES,
  SOURCE_NAMES,
  TABLE_OPTIONS,
  dataSection,
  countPerSplit,
  datasetMetadata,
  hasImages,
  loadDataset,
  readArrowFile,
  runDataStage,
  tableToDataset,
} from '@latentlens/data';
import { terminalProgress } from '../terminal/progress';
import { checkFlags, defaultFlag, need, numberOpt, runStageCommand } from './args';
import { Command, UsageError, valueOptions } from './command';

/** A comma-separated flag as a list. */
const listOpt = (values: Record<string, unknown>, key: string): string[] | undefined =>
  typeof values[key] === 'string' ? (values[key] as string).split(',') : undefined;
/** `true` / `false` as a boolean; anything else as given, for the schema to refuse. */
const boolOpt = (values: Record<string, unknown>, key: string): unknown =>
  ({ true: true, false: false })[String(values[key])] ?? values[key];

/**
 * The table source's own keys as flags, from its options in the registry (`--vector emb`,
 * `--metadata a,b`): a comma-separated flag is a list where the key takes one.
 */
const TABLE_KEYS = [
  'path',
  'format',
  'vector',
  'standardize',
  'id',
  'label',
  'metadata',
  'image',
] as const;
const tableFlags = valueOptions(
  Object.fromEntries(TABLE_KEYS.map((key) => [key, TABLE_OPTIONS[key].doc!])),
);
function tableValues(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    TABLE_KEYS.map((key) => {
      const rule = TABLE_OPTIONS[key].rule;
      const list = listOpt(values, key);
      if (rule.kind === 'list') return [key, list];
      if (rule.kind === 'boolean') return [key, boolOpt(values, key)];
      // vector: one name, or a list of names.
      if (rule.kind === 'union') return [key, list && list.length > 1 ? list : list?.[0]];
      return [key, values[key]];
    }),
  );
}

export const dataCommand: Command = {
  name: 'data',
  summary: 'Load images from a source into dataset.arrow, or inspect a source or a dataset',
  usage:
    'latentlens data --source <name> --out <dir> [options] | latentlens data --source <name> [options] --inspect | latentlens data --inspect <dataset.arrow>',
  details: [
    'Sources (`data:` keys each one reads, beside source, fallback, limit, sample, seed):',
    ...SOURCES.map(
      (s) =>
        `  ${s.name.padEnd(14)}${s.doc}${Object.keys(s.options).length ? ` [${Object.keys(s.options).join(', ')}]` : ''}`,
    ),
  ],
  options: {
    ...valueOptions({
      source: `one of ${SOURCE_NAMES.join(', ')}`,
      fallback: 'comma-separated sources to try when the first is unavailable',
      dir: 'idx: folder of the four idx(.gz) files; images: folder of one sub-folder per class',
    }),
    ...tableFlags,
    ...valueOptions({
      labels: 'images: CSV of file,label instead of sub-folders; table: labels beside a .npy',
      size: 'images: side, or height,width (default 28)',
      channels: 'images: 1 grey or 3 RGB (default 1)',
      fit: 'images: contain or cover (default contain)',
      background: 'images: colour under transparency (default #ffffff)',
      test: 'images, table: test fraction per class (default 0.2)',
      extensions: 'images: comma-separated extensions to read',
      recursive: 'images: true or false (default true)',
      'on-error':
        'images, table: fail or skip bad images / rows of non-finite vectors (default fail)',
      'class-names': 'idx source: comma-separated class names',
      mirrors: 'mnist / fashion-mnist: comma-separated mirror base URLs',
      'timeout-ms': 'downloads: longest silence before giving up (default 30000)',
      retries: 'downloads: attempts per mirror (default 2)',
      limit: 'keep the first N images of each split',
      sample: 'keep a stratified random N images of each split',
      seed: 'seed for splits and samples (default 0)',
      out: 'output folder (dataset.arrow is written there)',
    }),
    inspect: {
      type: 'boolean',
      description:
        'print classes, label counts, splits and provenance: of a dataset.arrow given after it, or of the source (nothing is written)',
    },
  },
  async run({ values, positionals, out }) {
    if (positionals.length > (values.inspect ? 1 : 0))
      throw new UsageError(`unexpected argument "${positionals.at(-1)}"`);
    if (values.inspect && positionals.length === 1) {
      inspect(positionals[0], readArrowFile(positionals[0]), out);
      return 0;
    }
    const source = values.source ?? 'mnist';
    const flags = {
      source,
      fallback: typeof values.fallback === 'string' ? values.fallback.split(',') : undefined,
      dir: values.dir,
      classNames:
        typeof values['class-names'] === 'string' ? values['class-names'].split(',') : undefined,
      mirrors:
        typeof values.mirrors === 'string'
          ? { [String(source)]: values.mirrors.split(',') }
          : undefined,
      download: {
        timeoutMs: numberOpt(values, 'timeout-ms'),
        retries: numberOpt(values, 'retries'),
      },
      ...tableValues(values),
      labels: values.labels,
      size: listOpt(values, 'size')?.map(Number),
      channels: numberOpt(values, 'channels'),
      fit: values.fit,
      background: values.background,
      test: numberOpt(values, 'test'),
      extensions: listOpt(values, 'extensions'),
      recursive: boolOpt(values, 'recursive'),
      onError: values['on-error'],
      limit: numberOpt(values, 'limit'),
      sample: numberOpt(values, 'sample'),
      seed: numberOpt(values, 'seed') ?? 0,
    };
    // One side is a square: `--size 32` is `size: 32`, `--size 32,24` is `size: [32, 24]`.
    if (flags.size?.length === 1) (flags as { size?: unknown }).size = flags.size[0];
    const config = checkFlags(flags, dataSection, (path) =>
      path.startsWith('mirrors') ? '--mirrors' : defaultFlag(path.replace(/^size\[\d\]$/, 'size')),
    );
    if (values.inspect) {
      const progress = terminalProgress('data');
      const { table } = await loadDataset({ config, progress });
      progress.finish();
      inspect(`source ${source}`, table, out);
      return 0;
    }
    const outDir = need(values, 'out');
    return runStageCommand('data', outDir, out, (progress) =>
      runDataStage({ config, outDir, progress }),
    );
  },
};

/** What `--inspect` prints of a dataset table: `name` is its file, or the source it came from. */
function inspect(
  name: string,
  table: ReturnType<typeof readArrowFile>,
  out: (line: string) => void,
): void {
  const ds = tableToDataset(table, name);
  const counts = new Map<number, number>();
  ds.labels.forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
  const channels = ds.channels ?? 1;
  out(
    hasImages(ds)
      ? `${name}: ${ds.ids.length} images of ${ds.rows}×${ds.cols}, ${channels === 1 ? '1 channel (grey)' : `${channels} channels (RGB)`}, from ${ds.source}`
      : `${name}: ${ds.ids.length} rows without images, from ${ds.source}`,
  );
  if (ds.columns?.length)
    out(`columns: ${ds.columns.map((c) => `${c.name} (${c.kind})`).join(', ')}`);
  out(`classes: ${ds.classNames.length} (${ds.classNames.join(', ')})`);
  out(`splits: ${JSON.stringify(countPerSplit(ds))}`);
  out(
    `labels: ${[...counts]
      .sort((a, b) => a[0] - b[0])
      .map(([l, c]) => `${ds.classNames[l] ?? l}=${c}`)
      .join(' ')}`,
  );
  out(`provenance: ${JSON.stringify(datasetMetadata(table).provenance)}`);
}
