import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Sharp } from 'sharp';
import { stratifiedSplit } from '../core/select';
import { sha256Hex } from '../io/atomic';
import { RefusedInput } from '../io/refusedInput';
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
import { LoadedSource, SourceContext } from './types';

/** Images whose header says more pixels than this are refused (sharp's `limitInputPixels`). */
export const IMAGE_PIXEL_LIMIT = 100_000_000;
/** Images decoded at once: enough to keep two cores busy, few enough to bound memory. */
export const IMAGE_CONCURRENCY = 3;
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
    let entries: string[];
    try {
      entries = (await readdir(dir)).sort(byCodeUnits);
    } catch (error) {
      bad(dir, `cannot list this folder (${errorCode(error)}); fix its permissions or remove it`);
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      let info;
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

/** `file,label` lines (a first line `file,label` is a header), paths relative to `dir`. */
async function readLabels(dir: string, csv: string): Promise<Found[]> {
  let text: string;
  try {
    text = await readFile(csv, 'utf8');
  } catch (error) {
    throw new RefusedInput(
      `${csv}: cannot read the labels CSV (${errorCode(error) ?? (error as Error).message}); give a file of file,label lines`,
    );
  }
  const found: Found[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || (i === 0 && /^\s*file\s*,\s*label\s*$/i.test(line))) return;
    const comma = line.lastIndexOf(',');
    const file = line.slice(0, comma).trim();
    const label = line.slice(comma + 1).trim();
    if (comma < 0 || !file || !label)
      throw new RefusedInput(`${csv}:${i + 1}: expected file,label, got "${line}"`);
    found.push({ path: join(dir, file), className: label });
  });
  return found.sort((a, b) => byCodeUnits(a.path, b.path));
}

// sharp is loaded on first use, so the other sources never pay for (or depend on) libvips.
let sharpModule: typeof import('sharp') | undefined;
function loadSharp(): typeof import('sharp') {
  if (!sharpModule) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sharpModule = require('sharp') as typeof import('sharp');
    // Decoded images are used once: libvips' operation cache would only hold memory.
    sharpModule.cache(false);
  }
  return sharpModule;
}

interface Geometry {
  height: number;
  width: number;
  channels: 1 | 3;
  fit: 'contain' | 'cover';
  background: string;
}

/** Why sharp refused `bytes`, in words the user can act on. */
async function describeFailure(image: () => Sharp, error: Error): Promise<string> {
  if (/pixel limit/i.test(error.message)) {
    const { width, height } = await image()
      .metadata()
      .catch(() => ({ width: undefined, height: undefined }));
    return `${width}×${height} = ${((width ?? 0) * (height ?? 0)).toLocaleString('en-US')} pixels, over the limit of ${IMAGE_PIXEL_LIMIT.toLocaleString('en-US')}; shrink it or move it out of the folder`;
  }
  if (/unsupported image format/i.test(error.message))
    return 'not an image sharp can read; remove it, rename it or set onError: skip';
  return `corrupt image (${error.message.split('\n')[0]}); replace it, remove it or set onError: skip`;
}

/** One image decoded, fitted and written as `height × width × channels` bytes into `out`. */
async function decodeInto(bytes: Buffer, g: Geometry, out: Uint8Array): Promise<void> {
  const sharp = loadSharp();
  const pipeline = sharp(bytes, { limitInputPixels: IMAGE_PIXEL_LIMIT, failOn: 'error' })
    .flatten({ background: g.background })
    .resize({
      height: g.height,
      width: g.width,
      fit: g.fit,
      background: g.background,
      kernel: 'lanczos3',
    });
  const coloured =
    g.channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb');
  const { data, info } = await coloured
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== g.channels || data.length !== out.length)
    throw new Error(
      `decoded to ${info.width}×${info.height}×${info.channels}, expected ${g.width}×${g.height}×${g.channels}`,
    );
  out.set(data);
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
): Promise<LoadedSource> {
  const dir = options.dir;
  if (!dir) throw new RefusedInput('images source: give "dir", the folder of your images');
  const dirInfo = await stat(dir).catch(() => undefined);
  if (!dirInfo?.isDirectory()) throw new RefusedInput(`${dir}: not a folder (images source, dir)`);
  const size = options.size ?? IMAGE_DEFAULTS.size;
  const [height, width] = typeof size === 'number' ? [size, size] : size;
  const g: Geometry = {
    height,
    width,
    channels: (options.channels ?? IMAGE_DEFAULTS.channels) === 3 ? 3 : 1,
    fit: options.fit ?? IMAGE_DEFAULTS.fit,
    background: options.background ?? IMAGE_DEFAULTS.background,
  };
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
  let next = 0;
  let done = 0;
  ctx.progress.phase('decode images', found.length);
  const worker = async () => {
    while (next < found.length && (skip || failures.size === 0)) {
      const i = next++;
      const { path } = found[i];
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        failures.set(i, unreadable(error));
        continue;
      }
      hashes[i] = sha256Hex(bytes);
      if (bytes.length === 0) {
        failures.set(i, 'an empty file (0 bytes); replace it, remove it or set onError: skip');
        continue;
      }
      try {
        await decodeInto(bytes, g, pixels.subarray(i * perImage, (i + 1) * perImage));
        ok[i] = 1;
      } catch (error) {
        const image = () => loadSharp()(bytes, { limitInputPixels: false });
        failures.set(i, await describeFailure(image, error as Error));
      }
      ctx.progress.update(++done);
    }
  };
  await Promise.all(Array.from({ length: IMAGE_CONCURRENCY }, worker));
  // The first failure in path order, whichever worker met it first.
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
