import { resolveGradient } from './gradientChoice';
import type { TsneGradientMethod, TsneOptions } from './types';

/** Every option of `tsneEmbed` resolved to a value and checked. */
export interface TsneSettings {
  dims: 2 | 3;
  perplexity: number;
  learningRate: number;
  iterations: number;
  earlyExaggeration: number;
  earlyExaggerationIterations: number;
  theta: number;
  gradient: TsneGradientMethod;
  init: 'pca' | 'random';
  seed: number;
}

export function resolveTsneSettings(o: TsneOptions, n: number): TsneSettings {
  const dims = o.dims ?? 2;
  const perplexity = o.perplexity ?? 25;
  const iterations = o.iterations ?? 1000;
  const earlyExaggeration = o.earlyExaggeration ?? 12;
  const earlyExaggerationIterations = o.earlyExaggerationIterations ?? 250;
  const theta = o.theta ?? 0.5;
  const rate = o.learningRate ?? 'auto';
  // scikit-learn's 'auto', max(n / earlyExaggeration / 4, 50), in our gradient's convention (× 4).
  const learningRate = rate === 'auto' ? Math.max(n / earlyExaggeration, 200) : rate;
  if (dims !== 2 && dims !== 3) throw new Error(`tsneEmbed: dims must be 2 or 3, got ${dims}`);
  if (!(perplexity > 0))
    throw new Error(`tsneEmbed: perplexity must be positive, got ${perplexity}`);
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new Error(`tsneEmbed: iterations must be a whole number >= 0, got ${iterations}`);
  if (!(learningRate > 0))
    throw new Error(`tsneEmbed: learningRate must be positive, got ${learningRate}`);
  if (!(earlyExaggeration > 0))
    throw new Error(`tsneEmbed: earlyExaggeration must be positive, got ${earlyExaggeration}`);
  if (!(theta >= 0)) throw new Error(`tsneEmbed: theta must be >= 0, got ${theta}`);
  const gradient = resolveGradient(o.gradient ?? 'auto', dims, n);
  return {
    dims,
    perplexity,
    learningRate,
    iterations,
    earlyExaggeration,
    earlyExaggerationIterations,
    theta,
    gradient,
    init: o.init ?? 'pca',
    seed: o.seed ?? 0,
  };
}

/** Neighbours per row that the affinities need: three times the perplexity, as bhtsne. */
export function tsneNeighborCount(settings: TsneSettings, n: number): number {
  return Math.min(n - 1, Math.floor(3 * settings.perplexity));
}

/** Checks the input shape shared by every t-SNE entry point. */
export function checkTsneInput(data: Float32Array, n: number, d: number): void {
  if (data.length !== n * d)
    throw new Error(`tsneEmbed: expected ${n * d} values, got ${data.length}`);
  if (n < 2) throw new Error(`tsneEmbed: needs at least 2 rows, got ${n}`);
}
