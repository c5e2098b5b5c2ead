import {
  SOURCES,
  SOURCE_NAMES,
  dataSection,
  countPerSplit,
  datasetMetadata,
  readArrowFile,
  runDataStage,
  tableToDataset,
} from '@latentlens/data';
import { checkFlags, defaultFlag, need, numberOpt, runStageCommand } from './args';
import { Command } from './command';

export const dataCommand: Command = {
  name: 'data',
  summary: 'Load images from a source into dataset.arrow, or inspect one',
  usage:
    'latentlens data --source <name> --out <dir> [options] | latentlens data --inspect <dataset.arrow>',
  details: [
    'Sources (`data:` keys each one reads, beside source, fallback, limit, sample, seed):',
    ...SOURCES.map(
      (s) =>
        `  ${s.name.padEnd(14)}${s.doc}${Object.keys(s.options).length ? ` [${Object.keys(s.options).join(', ')}]` : ''}`,
    ),
  ],
  options: {
    source: { type: 'string', description: `one of ${SOURCE_NAMES.join(', ')}` },
    fallback: {
      type: 'string',
      description: 'comma-separated sources to try when the first is unavailable',
    },
    dir: { type: 'string', description: 'idx source: folder of the four idx(.gz) files' },
    'class-names': { type: 'string', description: 'idx source: comma-separated class names' },
    mirrors: {
      type: 'string',
      description: 'mnist / fashion-mnist: comma-separated mirror base URLs',
    },
    'timeout-ms': {
      type: 'string',
      description: 'downloads: longest silence before giving up (default 30000)',
    },
    retries: { type: 'string', description: 'downloads: attempts per mirror (default 2)' },
    limit: { type: 'string', description: 'keep the first N images of each split' },
    sample: { type: 'string', description: 'keep a stratified random N images of each split' },
    seed: { type: 'string', description: 'seed for splits and samples (default 0)' },
    out: { type: 'string', description: 'output folder (dataset.arrow is written there)' },
    inspect: {
      type: 'string',
      description: 'print rows per split, label counts and provenance of a dataset.arrow',
    },
  },
  async run({ values, out }) {
    if (typeof values.inspect === 'string') {
      const table = readArrowFile(values.inspect);
      const ds = tableToDataset(table, values.inspect);
      const counts = new Map<number, number>();
      ds.labels.forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
      out(`${values.inspect}: ${ds.ids.length} images of ${ds.rows}×${ds.cols} from ${ds.source}`);
      out(`splits: ${JSON.stringify(countPerSplit(ds))}`);
      out(
        `labels: ${[...counts]
          .sort((a, b) => a[0] - b[0])
          .map(([l, c]) => `${ds.classNames[l] ?? l}=${c}`)
          .join(' ')}`,
      );
      out(`provenance: ${JSON.stringify(datasetMetadata(table).provenance)}`);
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
      limit: numberOpt(values, 'limit'),
      sample: numberOpt(values, 'sample'),
      seed: numberOpt(values, 'seed') ?? 0,
    };
    const config = checkFlags(flags, dataSection, (path) =>
      path.startsWith('mirrors') ? '--mirrors' : defaultFlag(path),
    );
    const outDir = need(values, 'out');
    return runStageCommand('data', outDir, out, (progress) =>
      runDataStage({ config, outDir, progress }),
    );
  },
};
