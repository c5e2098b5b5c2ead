/**
 * The raw tensor file of the standalone projector (`tensorPath` ending in `.bytes`): float32
 * values, little-endian whatever the host's byte order, as the browser's Float32Array reads
 * them on the little-endian machines it runs on.
 */
export function float32Bytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}
