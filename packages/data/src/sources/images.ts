import { Dirent, Stats, readFileSync } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { stratifiedSplit } from '../core/select';
import { sha256Hex } from '../io/atomic';
import { RefusedInput } from '../io/refusedInput';
import { withPool } from '../parallel/pool';
import { ParallelOptions, ThreadDefaults, resolveThreads } from '../parallel/threads';
import {
  ObjectOf,
  anyOf,
  bool,
  field,
  int,
  list,
  matching,
  num,
  oneOf,
  str,
} from '../options/schema';
import { InputRecord } from '../contracts/metadata';
import { DIR_FIELD } from './idxFolder';
import {
  DecodeRequest,
  Decoded,
  Geometry,
  IMAGE_PIXEL_LIMIT,
  SHARED_PIXEL_LIMIT,
  decodeImages,
} from './imageDecode';
import { LoadedSource, SourceContext } from './types';

/**
 * Images in flight per decoding thread: one decoding on libuv's pool while another is averaged
 * (`fitImage`) on the thread; few enough to bound memory (see SHARED_PIXEL_LIMIT).
 */
export const IMAGE_CONCURRENCY = 2;
/**
 * Decoding threads by default: one per core, at most four (so that the 4 × IMAGE_CONCURRENCY
 * images in flight, each up to SHARED_PIXEL_LIMIT pixels, hold at most 512 MB as RGBA); the
 * calling thread alone below 400 images, where starting threads (about 0.3 s: sharp loads in
 * each) saves nothing: measured on clip-art PNGs at 32×32 RGB under a load of 9–10, 200 took
 * 0.7–0.9 s alone and 0.8–1.0 s on two threads, 398 took 1.7–2.8 s and 1.6–1.8 s.
 */
export const IMAGE_THREADS: ThreadDefaults = { fromRows: 400, most: 4 };
/**
 * Files per request to a decoding thread, and the bytes after which a request is sent even if
 * fewer: one message each way per file cost the 70,000 small Fashion-MNIST PNGs 76.7 s of CPU
 * on two threads against 53.4 s on the calling thread alone (load 8–10).
 */
const BATCH_FILES = 16;
const BATCH_BYTES = 1 << 20;
/** A decoding thread's entry: parallel/imagesWorker.js, or .ts run from the sources. */
const DECODER = join(__dirname, '../parallel', `imagesWorker${extname(__filename)}`);
/** Formats the prebuilt sharp reads (BMP is not among them). */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'avif'];
/** The defaults of the images source, applied by the loader (so other sources' configs stay as they were). */
export const IMAGE_DEFAULTS = {
  size: 28,
  channels: 1,
  fit: 'contain',
  background: '#ffffff',
  test: 0.2,
  recursive: true,
  onError: 'fail',
} as const;

const side = int(1, 4096);

/** The options of the images source, as `data:` keys. */
export const IMAGES_OPTIONS = {
  dir: DIR_FIELD,
  labels: field(
    str,
    undefined,
    'images: CSV of file,label (paths relative to dir) instead of one sub-folder per class',
  ),
  size: field(
    anyOf('a side in pixels or [height, width]', side, list(side, 2, 2)),
    undefined,
    'images: [height, width] or one side for squares (default 28)',
  ),
  channels: field(
    anyOf('1 (grey) or 3 (RGB)', int(1, 1), int(3, 3)),
    undefined,
    'images: 1 grey or 3 RGB (default 1)',
  ),
  fit: field(
    oneOf('contain', 'cover'),
    undefined,
    'images: contain (pad) or cover (crop) (default contain)',
  ),
  background: field(
    matching(/^#[0-9a-fA-F]{6}$/, 'a colour such as "#ffffff"'),
    undefined,
    'images: colour of transparent pixels and padding (default #ffffff)',
  ),
  test: field(
    num({ min: 0, max: 0.9 }),
    undefined,
    'images: fraction of each class held out for test, by seed (default 0.2)',
  ),
  extensions: field(
    list(matching(/^[A-Za-z0-9]+$/, 'an extension such as "png"'), 1),
    undefined,
    `images: file extensions read (default ${IMAGE_EXTENSIONS.join(', ')})`,
  ),
  recursive: field(
    bool,
    undefined,
    'images: count images in deeper folders for their first-level class (default true)',
  ),
  onError: field(
    oneOf('fail', 'skip'),
    undefined,
    'images: a bad image stops the stage (fail, default) or is skipped and listed (skip)',
  ),
};
export type ImagesSourceOptions = ObjectOf<typeof IMAGES_OPTIONS>;

interface Found {
  path: string;
  className: string;
}

/** Code-unit order: the same on every machine, whatever the locale. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** The image files under `dir` (real paths of folders tracked, so a symlink loop is caught). */
async function walk(
  root: string,
  extensions: Set<string>,
  recursive: boolean,
  bad: (path: string, reason: string) => void,
): Promise<{ found: Found[]; loose: number }> {
  const found: Found[] = [];
  let loose = 0;
  const visit = async (dir: string, className: string | undefined, ancestors: Set<string>) => {
    let entries: Dirent[];
    try {
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        byCodeUnits(a.name, b.name),
      );
    } catch (error) {
      bad(dir, `cannot list this folder (${errorCode(error)}); fix its permissions or remove it`);
      return;
    }
    for (const entry of entries) {
      const { name } = entry;
      const path = join(dir, name);
      // The listing gives each entry's type; only links need a stat (to what they lead to).
      let info: Pick<Stats, 'isDirectory' | 'isFile'> = entry;
      if (entry.isSymbolicLink())
        try {
          info = await stat(path);
        } catch (error) {
          bad(path, unreadable(error));
          continue;
        }
      if (info.isDirectory()) {
        if (className !== undefined && !recursive) continue;
        const real = await realpath(path);
        if (ancestors.has(real)) {
          bad(path, `a symlink loop (it leads back to ${real}); remove the link`);
          continue;
        }
        await visit(path, className ?? name, new Set([...ancestors, real]));
      } else if (info.isFile() && extensions.has(extensionOf(name))) {
        if (className === undefined) loose++;
        else found.push({ path, className });
      }
    }
  };
  await visit(root, undefined, new Set([await realpath(root)]));
  return { found, loose };
}

/** Why a file cannot be read, and what to do. */
function unreadable(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT') return 'not found (a broken link, or a labels CSV naming a missing file)';
  return `cannot be read (${code ?? (error as Error).message}); fix its permissions or remove it`;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * The rows of a labels CSV (csv-parse: quoted fields, commas and quotes inside them, CRLF, a BOM),
 * paths relative to `dir`. A first row `file,label` is a header; every other row is one image.
 */
async function readLabels(dir: string, csv: string): Promise<Found[]> {
  let text: string;
  try {
    text = await readFile(csv, 'utf8');
  } catch (error) {
    throw new RefusedInput(
      `${csv}: cannot read the labels CSV (${errorCode(error) ?? (error as Error).message}); give a file of file,label lines`,
    );
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    const { lines } = error as { lines?: number };
    throw new RefusedInput(
      `${csv}:${lines ?? '?'}: not valid CSV (${(error as Error).message.split('\n')[0]}); quote a field holding commas or quotes ("a, b.png"), doubling its quotes`,
    );
  }
  const found: Found[] = [];
  records.forEach(({ record, info }, i) => {
    const [file, label] = record.map((field) => field.trim());
    if (
      i === 0 &&
      record.length === 2 &&
      file.toLowerCase() === 'file' &&
      label.toLowerCase() === 'label'
    )
      return;
    if (record.length !== 2 || !file || !label)
      throw new RefusedInput(
        `${csv}:${info.lines}: expected 2 fields file,label, got ${record.length} (${JSON.stringify(record)}); ${record.length > 2 ? 'quote a file name holding commas ("a, b.png",cats)' : 'give both, separated by a comma'}`,
      );
    found.push({ path: join(dir, file), className: label });
  });
  return found.sort((a, b) => byCodeUnits(a.path, b.path));
}

/** The geometry the options ask for, the defaults filled in. */
export function geometryOf(
  options: Pick<ImagesSourceOptions, 'size' | 'channels' | 'fit' | 'background'>,
): Geometry {
  const size = options.size ?? IMAGE_DEFAULTS.size;
  const [height, width] = typeof size === 'number' ? [size, size] : size;
  return {
    height,
    width,
    channels: (options.channels ?? IMAGE_DEFAULTS.channels) === 3 ? 3 : 1,
    fit: options.fit ?? IMAGE_DEFAULTS.fit,
    background: options.background ?? IMAGE_DEFAULTS.background,
  };
}

/**
 * A folder of the user's own images: the class of an image is its first-level sub-folder (or its
 * row of the `labels` CSV). Paths are sorted in code-unit order and ids follow it, classes are
 * sorted the same way, and each image is decoded (a few at once) straight into its place in the
 * pixel buffer, so the same folder and settings always give the same dataset.
 */
export async function loadImages(
  options: ImagesSourceOptions,
  ctx: SourceContext,
  parallel: ParallelOptions = {},
): Promise<LoadedSource> {
  const dir = options.dir;
  if (!dir) throw new RefusedInput('images source: give "dir", the folder of your images');
  const dirInfo = await stat(dir).catch(() => undefined);
  if (!dirInfo?.isDirectory()) throw new RefusedInput(`${dir}: not a folder (images source, dir)`);
  const g = geometryOf(options);
  const { height, width } = g;
  const skip = (options.onError ?? IMAGE_DEFAULTS.onError) === 'skip';
  const skipped: { path: string; reason: string }[] = [];
  const bad = (path: string, reason: string) => {
    if (!skip) throw new RefusedInput(`${path}: ${reason}`);
    skipped.push({ path, reason });
  };
  const extensions = new Set((options.extensions ?? IMAGE_EXTENSIONS).map((e) => e.toLowerCase()));

  ctx.progress.phase('list images');
  let found: Found[];
  if (options.labels) {
    found = await readLabels(dir, options.labels);
  } else {
    const walked = await walk(dir, extensions, options.recursive ?? IMAGE_DEFAULTS.recursive, bad);
    found = walked.found;
    if (walked.loose > 0)
      ctx.progress.log(
        `warning: ${walked.loose} image(s) directly in ${dir} have no class sub-folder and are not used`,
      );
  }
  const classNames = [...new Set(found.map((f) => f.className))].sort(byCodeUnits);
  const where = options.labels ? `${options.labels} (labels of ${dir})` : dir;
  if (found.length === 0)
    throw new RefusedInput(
      `${where}: no images (${[...extensions].join(', ')}) ${options.labels ? 'listed' : 'in its sub-folders'}; put each class's images in a sub-folder of its name`,
    );
  if (classNames.length < 2)
    throw new RefusedInput(
      `${where}: only one class ("${classNames[0]}"); an autoencoder's map needs at least two sub-folders (classes)`,
    );
  if (classNames.length > 256)
    throw new RefusedInput(`${where}: ${classNames.length} classes, at most 256 are supported`);
  const classOf = new Map(classNames.map((name, i) => [name, i]));

  const perImage = height * width * g.channels;
  const pixels = new Uint8Array(found.length * perImage);
  const ok = new Uint8Array(found.length);
  const hashes: string[] = new Array(found.length);
  const failures = new Map<number, string>();
  // Files with the same bytes decode to the same pixels: each is decoded once and copied (after
  // every decode, so no lane waits for another). The clip art reaches 1,221 of its 8,121 paths
  // through symlinks to files already listed.
  const firstWithHash = new Map<string, number>();
  const copies: [number, number][] = [];
  // Images decoded again, one at a time, once the lanes have stopped: those over
  // SHARED_PIXEL_LIMIT, and those that failed beside others (see `Decoded`).
  const alone: [number, Buffer][] = [];
  // A file failed beside others: with onError: fail, the lanes stop so that it is judged first.
  let suspect = false;
  let next = 0;
  let done = 0;
  const going = () => next < found.length && (skip || (failures.size === 0 && !suspect));
  const firstFailure = () => Math.min(...failures.keys());
  ctx.progress.phase('decode images', found.length);
  const threads = resolveThreads(parallel.threads, found.length, IMAGE_THREADS);
  /**
   * Every image read, hashed and decoded by `decode` (on the calling thread, or on decoding
   * thread `lane % threads`), in requests of up to `BATCH_FILES` files, `IMAGE_CONCURRENCY`
   * requests in flight per thread; its pixels are written into its row here, so which thread
   * decoded it changes nothing.
   */
  const decodeAll = async (
    decode: (lane: number, request: DecodeRequest) => Promise<Decoded[]>,
  ) => {
    const settle = async (lane: number, batch: [number, Buffer][], limit: number) => {
      const files = batch.map(([, bytes]) => bytes);
      const results = await decode(lane, { files, geometry: g, limit });
      results.forEach((result, k) => {
        const [i, bytes] = batch[k];
        if ('again' in result) {
          alone.push([i, bytes]);
          suspect ||= result.again === 'failed';
          return;
        }
        if ('pixels' in result) {
          pixels.set(result.pixels, i * perImage);
          ok[i] = 1;
        } else failures.set(i, result.failure);
        ctx.progress.update(++done);
      });
    };
    const lane = async (lane: number) => {
      while (going()) {
        const batch: [number, Buffer][] = [];
        let size = 0;
        while (going() && batch.length < BATCH_FILES && size < BATCH_BYTES) {
          const i = next++;
          let bytes: Buffer;
          try {
            // Synchronous: one open-read-close without four thread-pool round trips, which cost
            // the 70,000 small Fashion-MNIST files 0.45 ms each (of 1.44 ms) on the main thread.
            bytes = readFileSync(found[i].path);
          } catch (error) {
            failures.set(i, unreadable(error));
            continue;
          }
          const hash = (hashes[i] = sha256Hex(bytes));
          const first = firstWithHash.get(hash);
          if (first === undefined) {
            firstWithHash.set(hash, i);
            batch.push([i, bytes]);
            size += bytes.length;
          } else {
            copies.push([i, first]);
            ctx.progress.update(++done);
          }
        }
        if (batch.length > 0) await settle(lane, batch, SHARED_PIXEL_LIMIT);
      }
    };
    do {
      await Promise.all(Array.from({ length: threads * IMAGE_CONCURRENCY }, (_, k) => lane(k)));
      suspect = false;
      // In path order; with onError: fail, none after a file already refused.
      for (const item of alone.splice(0).sort((a, b) => a[0] - b[0]))
        if (skip || item[0] < firstFailure()) await settle(0, [item], IMAGE_PIXEL_LIMIT);
    } while (going());
  };
  if (threads === 1) await decodeAll((_lane, request) => decodeImages(request));
  else
    await withPool<DecodeRequest, Decoded[], never, void>(DECODER, threads, (pool) =>
      decodeAll((lane, request) => pool.request(lane % threads, request)),
    );
  for (const [i, j] of copies)
    if (ok[j]) {
      pixels.copyWithin(i * perImage, j * perImage, (j + 1) * perImage);
      ok[i] = 1;
    } else if (failures.has(j)) failures.set(i, failures.get(j)!);
  // The first failure in path order, whichever lane met it first.
  for (const i of [...failures.keys()].sort((a, b) => a - b)) bad(found[i].path, failures.get(i)!);

  // Skipped rows leave gaps: close them up, in place.
  let n = 0;
  const inputs: InputRecord[] = [];
  const labels = new Uint8Array(found.length);
  for (let i = 0; i < found.length; i++) {
    if (!ok[i]) continue;
    if (n !== i) pixels.copyWithin(n * perImage, i * perImage, (i + 1) * perImage);
    labels[n] = classOf.get(found[i].className)!;
    inputs.push({ path: found[i].path, sha256: hashes[i] });
    n++;
  }
  if (skipped.length > 0)
    ctx.progress.log(
      `warning: ${skipped.length} file(s) skipped (onError: skip): ${skipped.map((s) => `${relative(dir, s.path).split(sep).join('/')} (${s.reason.split(';')[0]})`).join(', ')}`,
    );
  if (n === 0) throw new RefusedInput(`${dir}: every image was skipped; see the warning above`);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  const kept = labels.slice(0, n);
  return {
    dataset: {
      ids,
      splits: stratifiedSplit(kept, options.test ?? IMAGE_DEFAULTS.test, ctx.seed),
      labels: kept,
      pixels: pixels.subarray(0, n * perImage),
      rows: height,
      cols: width,
      ...(g.channels !== 1 && { channels: g.channels }),
      classNames,
      source: 'images',
      // For people to read, colour and search by: where each image is (relative to dir, with
      // forward slashes on every system) and its class by name.
      columns: [
        {
          name: 'path',
          kind: 'text',
          values: inputs.map((r) => relative(dir, r.path).split(sep).join('/')),
        },
        { name: 'category', kind: 'text', values: Array.from(kept, (l) => classNames[l]) },
      ],
    },
    inputs,
    ...(skipped.length > 0 && { skipped }),
  };
}
