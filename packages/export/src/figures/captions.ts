import type { ProjectionInfo } from '@latentlens/data';
import { methodName, percent, type MethodNames } from '../core/wording';

/**
 * A projection's info as the export shows it: with its method's names when the CLI gave them
 * (from reduce's registry); without, the method is shown by its id and the axes by the name.
 */
export type NamedProjectionInfo = ProjectionInfo & Partial<MethodNames>;

/** Parameters that say nothing about the picture (the number of axes shows; seeds are noise). */
const QUIET_PARAMS = new Set(['dims', 'seed']);

/** "t-SNE" for the stage `tsne`, "t-SNE (tsne-p50)" when the stage has its own name. */
export function projectionTitle(info: NamedProjectionInfo): string {
  const method = methodName(info);
  return info.name === info.method ? method : `${method} (${info.name})`;
}

/** "PC 1", "PC 2": the method's axis label and the axis number. */
export function axisTitles(info: NamedProjectionInfo): [string, string] {
  const prefix = info.axisLabel ?? info.name;
  return [`${prefix} 1`, `${prefix} 2`];
}

/** camelCase → words: learningRate → "learning rate". */
function words(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function numberText(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** The parameters that shaped a projection, e.g. "perplexity 25 · learning rate auto · iterations 1000". */
export function paramsText(info: ProjectionInfo): string {
  return Object.entries(info.params)
    .filter(([key, value]) => !QUIET_PARAMS.has(key) && value !== undefined && value !== null)
    .map(
      ([key, value]) =>
        `${words(key)} ${typeof value === 'number' ? numberText(value) : String(value)}`,
    )
    .join(' · ');
}

/** Quality metrics and method figures, e.g. "10-NN label accuracy 0.896 · trustworthiness 0.977 · KL 1.23". */
export function qualityText(info: ProjectionInfo): string {
  const parts: string[] = [];
  const { knn10, trustworthiness10, ...otherQuality } = info.quality;
  if (knn10 !== undefined) parts.push(`10-NN label accuracy ${knn10.toFixed(3)}`);
  if (trustworthiness10 !== undefined)
    parts.push(`trustworthiness (10) ${trustworthiness10.toFixed(3)}`);
  for (const [key, value] of Object.entries(otherQuality))
    parts.push(`${words(key)} ${numberText(value)}`);
  if (info.stats?.kl !== undefined) parts.push(`KL ${info.stats.kl.toFixed(3)}`);
  const ratios = info.explainedVarianceRatio;
  if (ratios && ratios.length > 0) {
    const total = ratios.reduce((a, b) => a + b, 0);
    parts.push(`explained variance ${percent(total)} in ${ratios.length} components`);
  }
  return parts.join(' · ');
}

const LOSS_NAMES: Record<string, string> = {
  sse: 'loss per image (sum of squared error)',
  mse: 'loss per pixel (mean squared error)',
  bce: 'loss per pixel (binary cross-entropy)',
};

/** The y-axis title of a loss curve for the train stage's `loss` setting. */
export function lossName(loss: unknown): string {
  return (typeof loss === 'string' && LOSS_NAMES[loss]) || 'loss';
}

const OPTIMIZER_NAMES: Record<string, string> = { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop' };

/**
 * The autoencoder in one line from the train stage's config, e.g.
 * "784 → 256 → 64 · tanh · tied weights · mean-centred · Adam lr 0.001 · batch 50". Fields it
 * does not find are left out.
 */
export function architectureText(config: unknown): string {
  const c = (config ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (Array.isArray(c.dims)) parts.push(c.dims.join(' → '));
  if (typeof c.activation === 'string') parts.push(c.activation);
  if (c.tiedWeights === true) parts.push('tied weights');
  if (c.center === 'mean') parts.push('mean-centred');
  if (typeof c.learningRate === 'number') {
    const optimizer =
      typeof c.optimizer === 'string' ? (OPTIMIZER_NAMES[c.optimizer] ?? c.optimizer) : 'Adam';
    parts.push(`${optimizer} lr ${c.learningRate}`);
  }
  if (typeof c.batchSize === 'number') parts.push(`batch ${c.batchSize}`);
  return parts.join(' · ');
}
