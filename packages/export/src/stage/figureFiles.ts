import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Progress, valuesPerImage } from '@latentlens/data';
import type { TopLevelSpec } from 'vega-lite';
import {
  architectureText,
  axisTitles,
  lossName,
  paramsText,
  projectionTitle,
  qualityText,
} from '../figures/captions';
import { loadFigureFonts } from '../figures/fonts';
import { lossCurveSpec } from '../figures/lossCurve';
import { projectionScatter } from '../figures/projectionScatter';
import { ReconstructionRow, reconstructionGridSpec } from '../figures/reconstructionGrid';
import { MarkContent, renderFigure } from '../figures/render';
import type { ExportInputs, HistoryInput } from './exportInputs';

/** A picture written as `figures/<stem>.svg` and `.png`. */
export interface FigureFile {
  stem: string;
  /** What the figure shows, for captions and alt texts. */
  caption: string;
  svgPath: string;
  pngPath: string;
  png: Uint8Array;
}

/** A figure whose SVG is written and whose PNG is still being drawn. */
export type PendingFigureFile = Omit<FigureFile, 'png'> & { png: Promise<Uint8Array> };

/** Image pairs per class in the reconstruction grid. */
const PAIRS_PER_CLASS = 8;

/** The file stem of a projection's figure; pipeline names are already safe as file names. */
export function projectionFigureStem(name: string): string {
  return `projection-${name.replace(/[^A-Za-z0-9_-]+/g, '_')}`;
}

function reconstructionRows(
  { decoded, originals }: NonNullable<ExportInputs['reconstructions']>,
  classNames: string[],
): ReconstructionRow[] {
  const size = valuesPerImage(decoded);
  const byLabel = new Map<number, number[]>();
  decoded.labels.forEach((label, i) => {
    const rows = byLabel.get(label) ?? [];
    if (rows.length < PAIRS_PER_CLASS) rows.push(i);
    byLabel.set(label, rows);
  });
  const image = (all: Uint8Array, i: number) => all.subarray(i * size, (i + 1) * size);
  return [...byLabel.keys()]
    .sort((a, b) => a - b)
    .map((label) => ({
      className: classNames[label] ?? String(label),
      originals: (byLabel.get(label) ?? []).map((i) => image(originals, i)),
      reconstructions: (byLabel.get(label) ?? []).map((i) => image(decoded.pixels, i)),
    }));
}

/** Figures carry no wall time (the report does), so the same run draws the same pictures. */
function trainingSubtitle({ history, meta, backend }: HistoryInput): string[] {
  const last = history.trainLoss.length - 1;
  const lines = [architectureText(meta?.config) + (backend ? ` · backend ${backend}` : '')];
  let final = `final training loss ${last >= 0 ? history.trainLoss[last].toPrecision(4) : '—'} after ${last + 1} epochs`;
  if (last >= 0 && Number.isFinite(history.validationLoss[last]))
    final += `, validation ${history.validationLoss[last].toPrecision(4)}`;
  lines.push(final);
  return lines.filter((line) => line !== '');
}

/**
 * Draws every picture the artifacts allow into `<root>/figures/`: one scatter plot per
 * projection, the training loss curve (with history.arrow) and originals beside their
 * reconstructions (with encode's reconstructions.arrow). The SVGs are written before this
 * returns; the PNGs are drawn on worker threads, and `finishFigures` writes them.
 */
export async function drawFigures(
  root: string,
  inputs: ExportInputs,
  options: { invert: boolean },
  progress: Progress,
): Promise<PendingFigureFile[]> {
  const fonts = loadFigureFonts();
  mkdirSync(join(root, 'figures'), { recursive: true });
  const figures: PendingFigureFile[] = [];
  const draw = async (stem: string, caption: string, spec: TopLevelSpec, content?: MarkContent) => {
    progress.phase(`figure ${stem}`);
    const { svg, png } = await renderFigure(spec, fonts, content);
    // Observed here so that a failure while other work runs is not reported as unhandled; finishFigures awaits it.
    png.catch(() => undefined);
    const file = {
      stem,
      caption,
      svgPath: `figures/${stem}.svg`,
      pngPath: `figures/${stem}.png`,
      png,
    };
    writeFileSync(join(root, file.svgPath), svg);
    figures.push(file);
  };

  const { embeddings, dataset } = inputs;
  for (const { projection } of inputs.projections) {
    const { info, dims, coords } = projection;
    const shown = dims > 2 ? `axes 1 and 2 of ${dims}` : '';
    const subtitle = [
      [paramsText(info), shown].filter(Boolean).join(' · '),
      qualityText(info),
    ].filter(Boolean);
    const { spec, points } = projectionScatter({
      title: projectionTitle(info),
      subtitle,
      axisTitles: axisTitles(info),
      coords,
      dims,
      labels: embeddings.labels,
      classNames: dataset.classNames,
    });
    const caption = `${projectionTitle(info)} of ${embeddings.ids.length} ${inputs.vectors.plural}, coloured by class`;
    await draw(projectionFigureStem(info.name), caption, spec, points);
  }
  if (inputs.history) {
    const spec = lossCurveSpec({
      history: inputs.history.history,
      title: 'Training loss',
      subtitle: trainingSubtitle(inputs.history),
      lossName: lossName((inputs.history.meta?.config as { loss?: unknown } | undefined)?.loss),
    });
    await draw('loss', 'Training loss per epoch', spec);
  }
  if (inputs.reconstructions) {
    const spec = reconstructionGridSpec({
      title: 'Reconstructions',
      subtitle: ['images (in) beside what the autoencoder makes of them (out)'],
      rows: dataset.rows,
      cols: dataset.cols,
      channels: dataset.channels,
      classes: reconstructionRows(inputs.reconstructions, dataset.classNames),
      invert: options.invert,
    });
    await draw('reconstructions', 'Images beside their reconstructions by the autoencoder', spec);
  }
  return figures;
}

/** Waits for the PNGs of drawFigures and writes them beside their SVGs. */
export async function finishFigures(
  root: string,
  pending: PendingFigureFile[],
): Promise<FigureFile[]> {
  const figures: FigureFile[] = [];
  for (const figure of pending) {
    const png = await figure.png;
    writeFileSync(join(root, figure.pngPath), png);
    figures.push({ ...figure, png });
  }
  return figures;
}
