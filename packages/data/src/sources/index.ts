import { DownloadOptions } from './download';
import { IdxSourceOptions } from './idxFolder';
import { ImagesSourceOptions } from './images';
import { TableSourceOptions } from './table';
import { SOURCE_NAMES, SourceName, sourceDefinition } from './registry';
import { LoadedSource, SourceContext, SourceUnavailableError } from './types';

export { SOURCES, SOURCE_NAMES, sourceDefinition } from './registry';
export type { SourceDefinition, SourceName } from './registry';

export type DownloadableSource = 'mnist' | 'fashion-mnist';

export interface SourceSpec extends IdxSourceOptions, ImagesSourceOptions, TableSourceOptions {
  source: SourceName;
  /** Sources to try, in order, when `source` cannot be had here (offline, every mirror failing). */
  fallback?: SourceName[];
  /**
   * Mirror base URLs per downloadable source, replacing the built-in list. Without an entry the
   * environment variable LATENTLENS_<NAME>_MIRRORS (e.g. LATENTLENS_MNIST_MIRRORS) is used.
   */
  mirrors?: Partial<Record<DownloadableSource, string[]>>;
  /** Timeout and retries of downloads. */
  download?: DownloadOptions;
}

/** A loaded source, and when a fallback stood in, what was asked for and why it failed. */
export interface ChosenSource extends LoadedSource {
  fallbackFrom?: { source: SourceName; reasons: string[] };
}

/**
 * Loads `spec.source`, or the first of `spec.fallback` that can be had, warning loudly (naming
 * what failed and what is used instead) when a fallback stands in. Only unavailability falls
 * through; corrupt or malformed data is an error whatever the fallbacks.
 */
export async function loadSource(spec: SourceSpec, ctx: SourceContext): Promise<ChosenSource> {
  const chain = [spec.source, ...(spec.fallback ?? [])].map((name) => {
    const definition = sourceDefinition(name);
    if (!definition) throw new Error(`unknown source "${name}" (use ${SOURCE_NAMES.join(', ')})`);
    return definition;
  });
  const reasons: string[] = [];
  for (const { name, load } of chain) {
    try {
      const loaded = await load(spec, ctx);
      if (name === spec.source) return loaded;
      ctx.progress.log(
        `WARNING: source "${spec.source}" is unavailable (${reasons.join('; ')}); using fallback "${name}" instead`,
      );
      return { ...loaded, fallbackFrom: { source: spec.source, reasons } };
    } catch (error) {
      if (!(error instanceof SourceUnavailableError)) throw error;
      reasons.push(`${name}: ${error.message}`);
    }
  }
  const hint = spec.fallback?.length ? '' : ' (add a fallback such as "bundled" to work offline)';
  throw new SourceUnavailableError(`no data source could be loaded: ${reasons.join('; ')}${hint}`);
}
