import { nearestNeighbors } from '../knn';
import { optimizeTsne, TsneGradient } from './optimize';
import { finishTsne, prepareTsne } from './problem';
import { checkTsneInput, resolveTsneSettings, tsneNeighborCount } from './settings';
import type { TsneOptions, TsneProgress, TsneResult } from './types';

/**
 * Barnes-Hut t-SNE (van der Maaten 2014) of `n` rows of `d` values in the calling thread: sparse
 * kNN affinities at the given perplexity, then gradient descent with momentum, gains and early
 * exaggeration. `tsneEmbedParallel` gives the same bytes on worker threads.
 */
export function tsneEmbed(
  data: Float32Array,
  n: number,
  d: number,
  options: TsneOptions = {},
  onProgress?: (p: TsneProgress) => void,
): TsneResult {
  checkTsneInput(data, n, d);
  const settings = resolveTsneSettings(options, n);
  onProgress?.({ phase: 'neighbors' });
  // The kNN module decides exact or approximate by size; a caller may bring its own graph.
  const graph =
    options.graph ??
    nearestNeighbors(data, n, d, tsneNeighborCount(settings, n), {
      method: 'auto',
      seed: settings.seed,
    });
  const problem = prepareTsne(data, n, d, graph, settings, onProgress);
  const coords = problem.start.slice();
  const gradient = new TsneGradient(
    problem.P,
    coords,
    settings.dims,
    settings.theta,
    undefined,
    settings.gradient,
  );
  optimizeTsne(problem.P, settings, coords, gradient, undefined, onProgress);
  return finishTsne(problem, coords);
}
