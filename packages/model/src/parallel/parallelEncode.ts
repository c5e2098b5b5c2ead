import { sharedCopy } from '@latentlens/data';
import type { BackendName } from '../core/backend';
import { checkPixelCount } from '../core/centering';
import type { EncodeResult } from '../core/encode';
import type { AutoencoderModel } from '../core/state';
import { modelPool } from './jobPool';
import type { EncodeShared } from './protocol';

/**
 * `encodeImages` on `workers` threads: thread w encodes the fixed batches b ≡ w (mod workers) into
 * shared memory. Each image is encoded in the same batch as in one thread, so the results are
 * identical whatever the thread count.
 */
export async function encodeInParallel(
  model: AutoencoderModel,
  pixels: Uint8Array,
  n: number,
  options: {
    backend: BackendName;
    workers: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<EncodeResult> {
  const size = model.config.dims[0];
  checkPixelCount(pixels, n, size);
  const codeDim = model.config.dims[model.config.dims.length - 1];
  const shared: EncodeShared = {
    pixels: sharedCopy(pixels.subarray(0, n * size)).buffer as SharedArrayBuffer,
    codes: new SharedArrayBuffer(4 * n * codeDim),
    errors: new SharedArrayBuffer(4 * n),
  };
  const pool = modelPool(options.workers);
  try {
    await pool.all((worker) => ({
      type: 'encode-init',
      backend: options.backend,
      worker,
      workers: options.workers,
      model,
      shared,
    }));
    await pool.all(() => ({ type: 'encode', n }));
  } finally {
    await pool.close();
  }
  options.onProgress?.(n, n);
  return {
    codes: new Float32Array(shared.codes),
    codeDim,
    reconstructionError: new Float32Array(shared.errors),
  };
}
