/**
 * Decoding one image file into its small frame: sharp (libvips) decodes, `fitImage` shrinks. What
 * a decoding thread runs (`parallel/imagesWorker.ts`), and the calling thread for small folders and table
 * thumbnails; kept apart from the images source so a thread loads only this and sharp.
 */
import type { Sharp } from 'sharp';
import { fitImage, fitScale } from '../core/fitImage';

/** Images whose header says more pixels than this are refused (sharp's `limitInputPixels`). */
export const IMAGE_PIXEL_LIMIT = 100_000_000;

/**
 * Images decoded at once may hold this many pixels each (64 MB as RGBA); a larger one is decoded
 * after the others, alone, so that those in flight (`IMAGE_CONCURRENCY` per decoding thread)
 * hold at most about 128 MB per thread.
 */
export const SHARED_PIXEL_LIMIT = 16_000_000;

// sharp is loaded on first use, so the other sources never pay for (or depend on) libvips.
let sharpModule: typeof import('sharp') | undefined;
export function loadSharp(): typeof import('sharp') {
  if (!sharpModule) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sharpModule = require('sharp') as typeof import('sharp');
    // Decoded images are used once: libvips' operation cache would only hold memory.
    sharpModule.cache(false);
  }
  return sharpModule;
}

/** The size, colour and fitting of decoded images (the images source's, and table thumbnails'). */
export interface Geometry {
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

/** `#rrggbb` as [r, g, b]. */
function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/**
 * One image decoded by sharp (colour-managed to 8-bit sRGB, as it is) and fitted into
 * `height × width × channels` bytes of `out`. Shrinking, the common case, is `fitImage`'s area
 * average over the decoded pixels; an image smaller than the frame is enlarged by libvips
 * (flatten, then Lanczos 3), since an area average would only repeat its pixels. `pixelLimit`
 * refuses larger images by their header.
 */
export async function decodeInto(
  bytes: Buffer,
  g: Geometry,
  out: Uint8Array,
  pixelLimit = IMAGE_PIXEL_LIMIT,
): Promise<void> {
  const sharp = loadSharp();
  // Sequential: libvips streams the rows into the one output buffer (no second full-size copy).
  const { data, info } = await sharp(bytes, {
    limitInputPixels: pixelLimit,
    failOn: 'error',
    sequentialRead: true,
  })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const image = { data, width: info.width, height: info.height, channels: info.channels };
  if (out.length !== g.height * g.width * g.channels)
    throw new Error(`an output of ${out.length} bytes for ${g.width}×${g.height}×${g.channels}`);
  if (fitScale(image.width, image.height, g) <= 1) {
    fitImage(image, g, rgbOf(g.background), out);
    return;
  }
  const raw = {
    width: image.width,
    height: image.height,
    channels: image.channels as 1 | 2 | 3 | 4,
  };
  const pipeline = sharp(data, { raw }).flatten({ background: g.background }).resize({
    height: g.height,
    width: g.width,
    fit: g.fit,
    background: g.background,
    kernel: 'lanczos3',
  });
  const coloured =
    g.channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb');
  const enlarged = await coloured.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (enlarged.info.channels !== g.channels || enlarged.data.length !== out.length)
    throw new Error(
      `decoded to ${enlarged.info.width}×${enlarged.info.height}×${enlarged.info.channels}, expected ${g.width}×${g.height}×${g.channels}`,
    );
  out.set(enlarged.data);
}

/** Image files to decode, the frame, and the pixel limit they are decoded under. */
export interface DecodeRequest {
  files: Uint8Array[];
  geometry: Geometry;
  /** `SHARED_PIXEL_LIMIT` beside other decodes, `IMAGE_PIXEL_LIMIT` alone. */
  limit: number;
}

/**
 * What became of a file: its fitted pixels; or, beside other decodes, `again`: decode it again
 * alone ('large': over the shared pixel limit; 'failed': any other failure, judged alone); or,
 * alone, refused, with why and what to do.
 */
export type Decoded = { pixels: Uint8Array } | { again: 'large' | 'failed' } | { failure: string };

/**
 * Each file decoded and fitted (see `decodeInto`), one after the other (so a thread's requests
 * in flight bound the images it holds), failures put in the user's words.
 */
export async function decodeImages({ files, geometry, limit }: DecodeRequest): Promise<Decoded[]> {
  const decoded: Decoded[] = [];
  for (const bytes of files) decoded.push(await decodeImage(bytes, geometry, limit));
  return decoded;
}

async function decodeImage(bytes: Uint8Array, geometry: Geometry, limit: number): Promise<Decoded> {
  if (bytes.length === 0)
    return { failure: 'an empty file (0 bytes); replace it, remove it or set onError: skip' };
  // A view of the same memory: a worker thread receives a Uint8Array, and sharp reads a Buffer.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixels = new Uint8Array(geometry.height * geometry.width * geometry.channels);
  try {
    await decodeInto(buffer, geometry, pixels, limit);
    return { pixels };
  } catch (error) {
    // Beside other decodes a failure is judged again, alone: libvips keeps one error log for the
    // whole process, and sharp clears it as each decode ends (vips_error_clear), so a decode
    // ending on another thread can wipe a corrupt file's message ("Unknown error") or lend it
    // another's (libvips issue #707). Seen here: 1 of 12 cut-short PNGs decoded on two threads
    // read "Unknown error". sharp's own messages (pixel limit, unsupported format) are not logged.
    if (limit < IMAGE_PIXEL_LIMIT)
      return { again: /pixel limit/i.test((error as Error).message) ? 'large' : 'failed' };
    const image = () => loadSharp()(buffer, { limitInputPixels: false });
    return { failure: await describeFailure(image, error as Error) };
  }
}
