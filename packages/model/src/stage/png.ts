import { PNG } from 'pngjs';

/**
 * An 8-bit RGB PNG of `rgb` (width × height × 3 bytes, rows top to bottom), by pngjs (the export's
 * encoder too). No row filter and zlib's default level and strategy: the bytes that latentlens's
 * earlier hand-written encoder gave, so loss.png stays byte for byte the same.
 */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  return PNG.sync.write(
    { width, height, data: Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength) } as PNG,
    {
      colorType: 2,
      inputColorType: 2,
      inputHasAlpha: false,
      bitDepth: 8,
      filterType: 0,
      deflateLevel: 6,
      deflateStrategy: 0,
    },
  );
}
