import { FASHION_MNIST, MNIST } from './catalog';
import { loadBundled } from './bundled';
import { loadIdx } from './idxFolder';
import { loadNamed } from './named';
import { LoadedSource, SourceContext, SourceUnavailableError } from './types';

export const SOURCE_NAMES = ['mnist', 'fashion-mnist', 'idx', 'bundled'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export interface SourceSpec {
  source: SourceName;
  /** Sources to try, in order, when `source` cannot be had here. */
  fallback?: SourceName[];
  /** idx: folder holding the four files. */
  dir?: string;
  /** idx: explicit paths. */
  files?: { trainImages?: string; trainLabels?: string; testImages?: string; testLabels?: string };
  /** idx: class names, index = label. */
  classNames?: string[];
}

async function loadOne(name: SourceName, spec: SourceSpec, ctx: SourceContext): Promise<LoadedSource> {
  switch (name) {
    case 'mnist':
      return loadNamed(MNIST, ctx);
    case 'fashion-mnist':
      return loadNamed(FASHION_MNIST, ctx);
    case 'idx':
      return loadIdx(spec);
    case 'bundled':
      return loadBundled(ctx);
  }
}

/**
 * Loads `spec.source`, or the first of `spec.fallback` that can be had, warning loudly when a
 * fallback is used. Only unavailability falls through; corrupt data is an error.
 */
export async function loadSource(spec: SourceSpec, ctx: SourceContext): Promise<LoadedSource> {
  const chain = [spec.source, ...(spec.fallback ?? [])];
  const reasons: string[] = [];
  for (const name of chain) {
    try {
      const loaded = await loadOne(name, spec, ctx);
      if (name !== spec.source) {
        ctx.progress.log(
          `WARNING: source "${spec.source}" is unavailable (${reasons.join('; ')}); using fallback "${name}" instead`,
        );
      }
      return loaded;
    } catch (error) {
      if (!(error instanceof SourceUnavailableError)) throw error;
      reasons.push(`${name}: ${error.message}`);
    }
  }
  throw new Error(`no data source could be loaded: ${reasons.join('; ')} (add a fallback such as "bundled")`);
}
