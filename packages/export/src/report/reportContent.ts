import {
  MetadataColumn,
  countPerSplit,
  hasImages,
  metadataText,
  sourceDefinition,
} from '@latentlens/data';
import { methodName, percent } from '../core/wording';
import { architectureText, paramsText, projectionTitle, qualityText } from '../figures/captions';
import { type FigureFile, projectionFigureStem } from '../stage/figureFiles';
import type { ExportInputs } from '../stage/exportInputs';
import type { ProjectorFoldersSummary } from '../stage/projectorFolders';
import type { Block } from './document';

/** The seed demo's PCA in TensorBoard's projector showed this share of variance in 3 components. */
export const SEED_PCA_VARIANCE_3 = 0.198;

export interface ReportFacts {
  inputs: ExportInputs;
  projector: ProjectorFoldersSummary;
  figures: FigureFile[];
  /** The export folder as the user named it, for the commands the report shows. */
  exportDir: string;
  /** Prefix of the standalone projector's file URLs ('' when relative). */
  projectorBaseUrl: string;
  /** Files written beside the report, relative to the export folder. */
  files: { path: string; bytes: number }[];
}

/** What a source is, in words, as its registry entry says ("Fashion-MNIST"). */
function sourceName(source: string): string {
  return sourceDefinition(source)?.title ?? source;
}

/** 10000 → "10,000". */
function count(value: number): string {
  return value.toLocaleString('en-US');
}

function seconds(value: number | undefined): string {
  if (value === undefined) return '—';
  if (value < 60) return `${value.toFixed(1)} s`;
  return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
}

function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  if (value < 1024 ** 2) return `${(value / 1024).toFixed(1)} KB`;
  return `${(value / 1024 ** 2).toFixed(1)} MB`;
}

function fixed(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

function figureBlock(facts: ReportFacts, stem: string): Block[] {
  const figure = facts.figures.find((f) => f.stem === stem);
  return figure
    ? [{ kind: 'figure', caption: figure.caption, path: figure.pngPath, png: figure.png }]
    : [];
}

function provenanceRows(inputs: unknown): string[][] {
  if (!Array.isArray(inputs)) return [];
  return inputs
    .filter(
      (i): i is { path: string; sha256: string } =>
        typeof i?.path === 'string' && typeof i?.sha256 === 'string',
    )
    .map((i) => [`\`${i.path}\``, `\`${i.sha256}\``]);
}

/** Distinct values of a text column, the range of a number column (over the embedded images). */
function columnSummary(column: MetadataColumn): string {
  if (column.kind === 'text') return `${count(new Set(column.values).size)} distinct`;
  const finite = column.values.filter(Number.isFinite);
  const missing = column.values.length - finite.length;
  const range = finite.length
    ? `${finite.reduce((a, b) => Math.min(a, b))} to ${finite.reduce((a, b) => Math.max(a, b))}`
    : 'none';
  return missing > 0 ? `${range} (${count(missing)} missing)` : range;
}

function datasetBlocks(facts: ReportFacts): Block[] {
  const { dataset, datasetMeta, embeddings, embeddingsMeta } = facts.inputs;
  const splits = Object.entries(countPerSplit(dataset))
    .map(([split, c]) => `${count(c)} ${split}`)
    .join(', ');
  const requested = (datasetMeta?.config as { source?: unknown } | undefined)?.source;
  const fellBack = typeof requested === 'string' && requested !== dataset.source;
  const source = `\`${dataset.source}\`, ${sourceName(dataset.source)}${fellBack ? ` (\`${requested}\` was asked for but unavailable)` : ''}`;
  const embedded = Object.entries(countPerSplit(embeddings))
    .map(([split, c]) => `${count(c)} ${split}`)
    .join(', ');
  const backend = (embeddingsMeta?.provenance as { backend?: unknown } | undefined)?.backend;
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Dataset' },
    {
      kind: 'list',
      items: [
        hasImages(dataset)
          ? `Source: ${source}. ${count(dataset.ids.length)} images of ${dataset.rows}×${dataset.cols}${(dataset.channels ?? 1) === 3 ? ' in colour (RGB)' : ''} (${splits}).`
          : `Source: ${source}. ${count(dataset.ids.length)} rows, without images (${splits}).`,
        `Classes (${dataset.classNames.length}): ${dataset.classNames.join(', ')}.`,
        (fromTable(facts)
          ? `Vectors: ${count(embeddings.ids.length)} (${embedded}), each of ${embeddings.dim} numbers, as the table holds them`
          : `Embedded: ${count(embeddings.ids.length)} images (${embedded}), each as a code of ${embeddings.dim} numbers`) +
          (typeof backend === 'string' ? ` (encoded with the tfjs \`${backend}\` backend).` : '.'),
      ],
    },
  ];
  const columns = facts.inputs.columns;
  if (columns.length > 0) {
    blocks.push(
      {
        kind: 'paragraph',
        text: 'Metadata columns of the source, in `metadata.tsv` and the viewer (colour and search by any of them):',
      },
      {
        kind: 'table',
        header: ['column', 'kind', 'values', 'first embedded image'],
        rows: columns.map((c) => [`\`${c.name}\``, c.kind, columnSummary(c), metadataText(c, 0)]),
      },
    );
  }
  const rows = provenanceRows(datasetMeta?.provenance.inputs);
  if (rows.length > 0) {
    blocks.push(
      {
        kind: 'paragraph',
        text: `Where the ${hasImages(dataset) ? 'images' : 'rows'} came from:`,
      },
      { kind: 'table', header: ['input', 'SHA-256'], rows },
    );
  }
  return blocks;
}

function modelBlocks(facts: ReportFacts): Block[] {
  const { history: input, embeddings } = facts.inputs;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Model' }];
  const errors = embeddings.reconstructionError;
  if (input) {
    const { history, meta, backend } = input;
    const config = (meta?.config ?? {}) as Record<string, unknown>;
    const last = history.trainLoss.length - 1;
    const rows: string[][] = [
      ['architecture', architectureText(config) || '—'],
      ['loss', typeof config.loss === 'string' ? `\`${config.loss}\`` : '—'],
      ['epochs', String(history.epoch.length)],
      ['backend', backend ? `\`${backend}\`` : '—'],
      ['final training loss', last >= 0 ? history.trainLoss[last].toPrecision(5) : '—'],
      [
        'final validation loss',
        last >= 0 && Number.isFinite(history.validationLoss[last])
          ? history.validationLoss[last].toPrecision(5)
          : 'no validation split',
      ],
      ['training time', seconds(input.seconds ?? history.seconds.reduce((a, b) => a + b, 0))],
    ];
    blocks.push({ kind: 'table', rows }, ...figureBlock(facts, 'loss'));
  } else {
    blocks.push({
      kind: 'paragraph',
      text: 'No training history was given to the export (`history.arrow`).',
    });
  }
  if (errors) {
    const meanError = errors.reduce((a, b) => a + b, 0) / Math.max(1, errors.length);
    blocks.push({
      kind: 'paragraph',
      text: `Mean reconstruction error of the embedded images: ${meanError.toPrecision(4)} (sum of squared error per image, on centred pixels in [0, 1]).`,
    });
  }
  const grid = figureBlock(facts, 'reconstructions');
  blocks.push(
    ...(grid.length > 0
      ? grid
      : [
          {
            kind: 'paragraph' as const,
            text: 'No reconstruction sample (`encode/reconstructions.arrow`) was given, so there is no grid of originals and reconstructions.',
          },
        ]),
  );
  return blocks;
}

function projectionBlocks(facts: ReportFacts): Block[] {
  const { projections } = facts.inputs;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Projections' }];
  if (projections.length === 0)
    return [...blocks, { kind: 'paragraph', text: 'No projections were given.' }];
  blocks.push({
    kind: 'paragraph',
    text:
      '10-NN label accuracy: the share of points whose class is the majority class of their 10 nearest neighbours in the picture. ' +
      'Trustworthiness (10): whether neighbours in the picture were neighbours in the codes too; 1 when every point’s 10 nearest ' +
      'neighbours in the picture are among its 10 nearest in the codes.',
  });
  blocks.push({
    kind: 'table',
    header: [
      'projection',
      'method',
      'dims',
      '10-NN label accuracy',
      'trustworthiness (10)',
      'wall time',
    ],
    align: ['left', 'left', 'right', 'right', 'right', 'right'],
    rows: projections.map(({ projection: { info, dims }, seconds: s }) => [
      info.name,
      methodName(info),
      String(dims),
      fixed(info.quality.knn10),
      fixed(info.quality.trustworthiness10),
      seconds(s),
    ]),
  });
  for (const { projection, seconds: s } of projections) {
    const { info } = projection;
    // qualityText already names the KL divergence; other figures of the run (iterations) follow.
    const stats = Object.entries(info.stats ?? {})
      .filter(([k]) => k !== 'kl')
      .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(4)}`);
    const rows: string[][] = [
      ['method', `\`${info.method}\`, ${projection.dims} axes`],
      ['parameters', paramsText(info) || 'none besides the number of axes'],
      ['quality', qualityText(info) || '—'],
      ...(stats.length > 0 ? [['run', stats.join(', ')]] : []),
      ['wall time', seconds(s)],
    ];
    blocks.push(
      { kind: 'heading', level: 3, text: projectionTitle(info) },
      { kind: 'table', rows },
    );
    const ratios = info.explainedVarianceRatio;
    if (ratios && ratios.length > 0) {
      const total = ratios.reduce((a, b) => a + b, 0);
      const first3 = ratios.slice(0, 3).reduce((a, b) => a + b, 0);
      blocks.push({
        kind: 'table',
        header: ['explained variance', 'this run', 'the seed (TensorBoard projector)'],
        align: ['left', 'right', 'right'],
        rows: [
          ...ratios.map((r, k) => [`component ${k + 1}`, percent(r), '']),
          [
            `total, ${ratios.length} components`,
            percent(total),
            ratios.length === 3 ? percent(SEED_PCA_VARIANCE_3) : '',
          ],
          ...(ratios.length > 3
            ? [['first 3 components', percent(first3), percent(SEED_PCA_VARIANCE_3)]]
            : []),
        ],
      });
    }
    blocks.push(...figureBlock(facts, projectionFigureStem(info.name)));
  }
  return blocks;
}

function openBlocks(facts: ReportFacts): Block[] {
  const { exportDir, projectorBaseUrl, projector } = facts;
  const names = facts.inputs.projections.map((p) => `\`${p.projection.info.name}\``).join(', ');
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Open the projector files' },
    {
      kind: 'paragraph',
      text: 'TensorBoard (needs Python’s `tensorboard`), then its Projector tab:',
    },
    { kind: 'code', text: `tensorboard --logdir ${exportDir}/tensorboard` },
    {
      kind: 'paragraph',
      text:
        `Every projection is a bookmark (Bookmarks, bottom right${names ? `: ${names}` : ''}) holding its precomputed ` +
        'coordinates for every point, so it shows at once instead of re-running t-SNE on a sample in the browser.',
    },
  ];
  if (projectorBaseUrl) {
    const { hostname, port } = new URL(projectorBaseUrl);
    const local = hostname === 'localhost' || hostname === '127.0.0.1';
    blocks.push({
      kind: 'paragraph',
      text: `Standalone Embedding Projector: serve \`${exportDir}/projector\` at \`${projectorBaseUrl}\` with CORS headers${local ? ', e.g.' : '.'}`,
    });
    if (local)
      blocks.push({
        kind: 'code',
        text: `npx http-server ${exportDir}/projector --cors -p ${port || 80}`,
      });
    blocks.push({
      kind: 'paragraph',
      text: `Then open \`https://projector.tensorflow.org/?config=${projectorBaseUrl}projector_config.json\`.`,
    });
  } else {
    blocks.push({
      kind: 'paragraph',
      text: `Standalone Embedding Projector: \`${exportDir}/projector/projector_config.json\` names its files relative to the projector's own page; host them beside it.`,
    });
  }
  const notes = [projector.sprite?.note, projector.rawPixels.note].filter(
    (n): n is string => n !== undefined,
  );
  if (notes.length > 0) blocks.push({ kind: 'list', items: notes.map((n) => `Note: ${n}.`) });
  return blocks;
}

function fileBlocks(facts: ReportFacts): Block[] {
  return [
    { kind: 'heading', level: 2, text: 'Files' },
    {
      kind: 'table',
      header: ['file', 'size'],
      align: ['left', 'right'],
      rows: facts.files.map((f) => [`\`${f.path}\``, bytes(f.bytes)]),
    },
    { kind: 'paragraph', text: 'Artifacts this export read:' },
    {
      kind: 'table',
      header: ['artifact', 'size', 'SHA-256'],
      align: ['left', 'right', 'left'],
      rows: facts.inputs.files.map((f) => [`\`${f.path}\``, bytes(f.bytes), `\`${f.sha256}\``]),
    },
  ];
}

function methodsText(facts: ReportFacts): string {
  const methods = [...new Set(facts.inputs.projections.map((p) => methodName(p.projection.info)))];
  if (methods.length <= 1) return methods[0] ?? 'no reduction';
  return `${methods.slice(0, -1).join(', ')} and ${methods[methods.length - 1]}`;
}

/** Whether the vectors came with the data (a table's), not from our autoencoder: no model to report. */
function fromTable(facts: ReportFacts): boolean {
  return facts.inputs.vectors.kind === 'table';
}

export function reportTitle(facts: ReportFacts): string {
  return fromTable(facts)
    ? `A map of ${sourceName(facts.inputs.dataset.source)}`
    : `What an autoencoder learned from ${sourceName(facts.inputs.dataset.source)}`;
}

/** The whole report, in order: dataset, model, projections, how to open the files, files. */
export function reportBlocks(facts: ReportFacts): Block[] {
  return [
    { kind: 'heading', level: 1, text: reportTitle(facts) },
    {
      kind: 'paragraph',
      text: fromTable(facts)
        ? `Every row of the table is a vector of ${facts.inputs.embeddings.dim} numbers; ${methodsText(facts)} drew them ` +
          'in two or three dimensions. Points are coloured by their class.'
        : `An autoencoder compressed every image to ${facts.inputs.embeddings.dim} numbers; ${methodsText(facts)} drew those codes ` +
          'in two or three dimensions. Points are coloured by their class, which the model never saw.',
    },
    ...datasetBlocks(facts),
    ...(fromTable(facts) ? [] : modelBlocks(facts)),
    ...projectionBlocks(facts),
    ...openBlocks(facts),
    ...fileBlocks(facts),
  ];
}
