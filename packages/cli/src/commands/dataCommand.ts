import {
  type Field,
  type Rule,
  SOURCES,
  SOURCE_NAMES,
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

/**
 * Every source option that one flag can carry, from the source registry, once per key (sources
 * share a key's field when it means the same): `classNames` is `--class-names`, its doc the
 * flag's help. Options that are objects (`mirrors`, `download`, idx `files`) get flags of their
 * own below. A new source's options are flags without a line here.
 */
const SOURCE_OPTIONS = new Map<string, Field>(
  SOURCES.flatMap((s) => Object.entries(s.options as Record<string, Field>)).filter(
    ([, f]) => f.rule.kind !== 'object',
  ),
);
/** `classNames` → `class-names`. */
const flagOf = (key: string) => defaultFlag(key).slice(2);

/**
 * A flag's text as its option's value, by the option's rule: numbers and `true`/`false` parsed,
 * a comma-separated flag a list where the option takes one (`--size 32,24`, `--vector a,b`),
 * anything else as given, for the schema to check and refuse in its words.
 */
function flagValue(rule: Rule, text: string, flag: string): unknown {
  switch (rule.kind) {
    case 'number':
      return numberOpt({ [flag]: text }, flag);
    case 'boolean':
      return { true: true, false: false }[text] ?? text;
    case 'list':
      return text.split(',').map((item) => flagValue(rule.of, item, flag));
    case 'union': {
      const listed = rule.options.find((o) => o.kind === 'list');
      const single = rule.options.find((o) => o.kind !== 'list') ?? listed!;
      return flagValue(listed && text.includes(',') ? listed : single, text, flag);
    }
    default:
      return text;
  }
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
      ...Object.fromEntries([...SOURCE_OPTIONS].map(([key, f]) => [flagOf(key), f.doc ?? key])),
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
    if (values.inspect && values.source === undefined)
      throw new UsageError(
        '--inspect takes a dataset.arrow after it, or inspects the --source given',
      );
    const source = values.source ?? 'mnist';
    const flags = {
      source,
      fallback: typeof values.fallback === 'string' ? values.fallback.split(',') : undefined,
      ...Object.fromEntries(
        [...SOURCE_OPTIONS].map(([key, f]) => {
          const text = values[flagOf(key)];
          return [key, typeof text === 'string' ? flagValue(f.rule, text, flagOf(key)) : undefined];
        }),
      ),
      mirrors:
        typeof values.mirrors === 'string'
          ? { [String(source)]: values.mirrors.split(',') }
          : undefined,
      download: {
        timeoutMs: numberOpt(values, 'timeout-ms'),
        retries: numberOpt(values, 'retries'),
      },
      limit: numberOpt(values, 'limit'),
      sample: numberOpt(values, 'sample'),
      seed: numberOpt(values, 'seed') ?? 0,
    };
    const config = checkFlags(flags, dataSection, (path) =>
      path.startsWith('mirrors') ? '--mirrors' : defaultFlag(path),
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
