/**
 * A NumPy .npy file (format version 1.0), byte for byte as numpy.save writes it: the magic,
 * the version, a little-endian header length, a Python dict literal padded with spaces to a
 * multiple of 64 bytes and ended by a newline, then the raw little-endian data.
 */
export function npyBytes(
  values: Float32Array | Float64Array | Int32Array,
  shape: number[],
  options: { fortranOrder?: boolean } = {},
): Uint8Array {
  const descr =
    values instanceof Float32Array ? '<f4' : values instanceof Float64Array ? '<f8' : '<i4';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${options.fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.byteLength);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + header.length);
  return out;
}
