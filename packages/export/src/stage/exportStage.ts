import { viewerData } from '../viewer/viewerData';
import { writeViewer } from '../viewer/viewerApp';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  Progress,
  claimOutputDir,
  ownsNames,
  replaceDirAtomic,
  silentProgress,
} from '@latentlens/data';
import { reportBlocks, reportTitle } from '../report/reportContent';
import { toHtml } from '../report/toHtml';
import { toMarkdown } from '../report/toMarkdown';
import type { MethodNames } from '../core/wording';
import { readExportInputs } from './exportInputs';
import { drawFigures, finishFigures } from './figureFiles';
import { PIXELS_TENSOR, ProjectorFoldersSummary, writeProjectorFolders } from './projectorFolders';

export interface ExportConfig {
  /** Dark digits on white thumbnails instead of the dataset's own white on black. */
  invertSprite: boolean;
  /** Also export the raw pixels (grey level / 255) as a second embedding, like the projector's MNIST demo. */
  rawPixels?: boolean;
  /** Scatter plots, loss curve and reconstruction grid in `figures/` (needs the DejaVu fonts). Default true. */
  figures?: boolean;
  /**
   * Where `projector/` will be served. The standalone projector fetches the files its config
   * names relative to its own page, so they are written as absolute URLs under this prefix;
   * '' writes bare file names. Default http://localhost:8080/.
   */
  projectorBaseUrl?: string;
}

export const DEFAULT_PROJECTOR_BASE_URL = 'http://localhost:8080/';

export interface ExportStageResult {
  points: number;
  projections: number;
  spriteScaled: boolean;
  /** Stems of the figures written under figures/. */
  figures: string[];
  /** Where the raw-pixel embedding went, when asked for. */
  rawPixels: ProjectorFoldersSummary['rawPixels'];
}

/** Files under `dir`, as paths relative to it with forward slashes, sorted. */
function listFiles(dir: string): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push({ path: relative(dir, path).split(sep).join('/'), bytes: statSync(path).size });
    }
  };
  walk(dir);
  return out;
}

/** The export's own records, beside the files that `manifest.json` lists. */
const RECORDS = ['manifest.json', 'report.md', 'report.html'];

/**
 * The files a previous export wrote in `dir`, as its manifest lists them: the export replaces its
 * folder whole, so it must find nothing else there (a folder without a manifest is not one of
 * its own, unless empty).
 */
function previousExport(dir: string): (file: string) => boolean {
  let listed: string[];
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    listed = (manifest.files as { path: string }[]).map((f) => f.path);
  } catch {
    return () => false;
  }
  return ownsNames([...RECORDS, ...listed]);
}

function baseUrl(value: string | undefined): string {
  const url = value ?? DEFAULT_PROJECTOR_BASE_URL;
  if (url === '') return '';
  if (!/^https?:\/\//.test(url))
    throw new Error(`projectorBaseUrl must be an http(s) URL or empty, got "${url}"`);
  return url.endsWith('/') ? url : url + '/';
}

/**
 * The export stage. Writes, into `outDir` (built aside and swapped in whole at the end):
 * - `tensorboard/`: a TensorBoard logdir (`tensorboard --logdir`), the layout of PyTorch's add_embedding;
 * - `projector/`: the standalone Embedding Projector's files (`?config=…/projector_config.json`);
 * - `figures/`: per projection a scatter plot, the training loss, originals beside reconstructions (SVG and PNG);
 * - `report.html` (self-contained) and `report.md`; `manifest.json` (what was written, sizes, notes, inputs' SHA-256).
 * History and reconstructions are optional inputs: without them their figures are left out.
 */
export async function runExportStage(args: {
  config: ExportConfig;
  datasetPath: string;
  embeddingsPath: string;
  projections: { name: string; path: string }[];
  historyPath?: string;
  reconstructionsPath?: string;
  /** neighbors.arrow of the neighbours stage: the viewer's code-space neighbours. */
  neighborsPath: string;
  /**
   * The reduction methods' names for people by method id, from reduce's registry (the CLI
   * passes them: the export imports only @latentlens/data). A method missing here is shown by
   * its id, its axes by the projection's name.
   */
  methods?: Record<string, MethodNames>;
  outDir: string;
  progress?: Progress;
}): Promise<ExportStageResult> {
  const progress = args.progress ?? silentProgress;
  const { config } = args;
  const names = args.projections.map((p) => p.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined)
    throw new Error(`two projections are named "${repeated}"; give each its own name`);
  const projectorBaseUrl = baseUrl(config.projectorBaseUrl);
  const inputPaths = [
    args.datasetPath,
    args.embeddingsPath,
    ...args.projections.map((p) => p.path),
    args.neighborsPath,
    ...[args.historyPath, args.reconstructionsPath].filter((p): p is string => p !== undefined),
  ];
  claimOutputDir(args.outDir, {
    stage: 'export',
    owns: previousExport(args.outDir),
    inputs: inputPaths,
  });
  let reconstructionsPath = args.reconstructionsPath;
  if (reconstructionsPath !== undefined && !existsSync(reconstructionsPath)) {
    progress.log(
      `no ${reconstructionsPath} (written by encode); the reconstruction grid is left out`,
    );
    reconstructionsPath = undefined;
  }

  progress.phase('read artifacts');
  const inputs = readExportInputs({ ...args, reconstructionsPath });

  let result: ExportStageResult | undefined;
  await replaceDirAtomic(args.outDir, async (tmp) => {
    // Figures first: their PNGs are drawn on worker threads while the projector files are written.
    const pending =
      (config.figures ?? true)
        ? await drawFigures(tmp, inputs, { invert: config.invertSprite }, progress)
        : [];
    const summary = writeProjectorFolders(
      tmp,
      inputs,
      { invertSprite: config.invertSprite, rawPixels: config.rawPixels ?? false, projectorBaseUrl },
      progress,
    );
    progress.phase('figure PNGs');
    const figures = await finishFigures(tmp, pending);
    progress.phase('viewer');
    writeViewer(
      join(tmp, 'viewer'),
      viewerData({
        embeddings: inputs.embeddings,
        classNames: inputs.dataset.classNames,
        thumbnails: {
          pixels: inputs.pixels,
          rows: inputs.dataset.rows,
          cols: inputs.dataset.cols,
          channels: inputs.dataset.channels,
        },
        projections: inputs.projections.map((p) => p.projection),
        columns: inputs.columns,
        neighbors: inputs.neighbors,
        vectors: inputs.vectors,
        title: inputs.dataset.source,
      }),
    );

    progress.phase('report');
    const files = listFiles(tmp);
    const manifest = {
      points: inputs.embeddings.ids.length,
      dim: inputs.embeddings.dim,
      tensorboardEmbeddings: summary.rawPixels.tensorboard
        ? [inputs.vectors.tensor, PIXELS_TENSOR]
        : [inputs.vectors.tensor],
      projectorEmbeddings: summary.rawPixels.projector
        ? [inputs.vectors.tensor, PIXELS_TENSOR]
        : [inputs.vectors.tensor],
      projectorBaseUrl,
      projections: names,
      sprite: summary.sprite,
      rawPixels: summary.rawPixels,
      figures: figures.map((f) => f.stem),
      inputs: inputs.files,
      files,
    };
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    const facts = {
      inputs,
      projector: summary,
      figures,
      exportDir: args.outDir,
      projectorBaseUrl,
      files,
    };
    const blocks = reportBlocks(facts);
    writeFileSync(join(tmp, 'report.md'), toMarkdown(blocks));
    writeFileSync(join(tmp, 'report.html'), toHtml(reportTitle(facts), blocks));
    result = {
      points: manifest.points,
      projections: names.length,
      spriteScaled: summary.sprite?.scaled ?? false,
      figures: manifest.figures,
      rawPixels: summary.rawPixels,
    };
  });
  // replaceDirAtomic has run the function above to its end, or thrown.
  return result as ExportStageResult;
}
