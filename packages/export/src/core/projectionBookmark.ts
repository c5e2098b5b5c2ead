import type { Projection } from '@latentlens/data';
import type { BookmarkProjection, ProjectionParams } from './projectorBookmarks';

function numeric(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The projector (TensorBoard 2.14 and later) restarts its own t-SNE from a t-SNE bookmark's
 * layout; a 2-D "custom" projection shows our precomputed layout and keeps it still.
 */
function bookmarkMethod(p: Projection): string {
  if (p.info.method.startsWith('tsne')) return p.dims === 2 ? 'custom' : 'tsne';
  return p.info.method;
}

/**
 * The settings of a reduction as the projector's panels hold them. A learning rate of "auto"
 * is taken from the run's stats when the reduction recorded the rate it used, else left to the
 * projector's default; the iterations actually run win over the requested ones.
 */
function bookmarkParams(p: Projection): ProjectionParams {
  const { params, stats = {} } = p.info;
  return {
    perplexity: numeric(params.perplexity),
    learningRate: numeric(params.learningRate) ?? numeric(stats.learningRate),
    iterations: numeric(stats.iterations) ?? numeric(params.iterations),
    neighbors: numeric(params.neighbors),
    minDist: numeric(params.minDist),
  };
}

/** A projection read from projection.arrow, as one bookmark named after its reduction. */
export function bookmarkProjection(p: Projection): BookmarkProjection {
  return {
    name: p.info.name,
    method: bookmarkMethod(p),
    dims: p.dims as 2 | 3,
    coords: p.coords,
    params: bookmarkParams(p),
  };
}
