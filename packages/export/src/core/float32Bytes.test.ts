import { float32Bytes } from './float32Bytes';

describe('float32Bytes', () => {
  it('writes IEEE-754 float32 little-endian', () => {
    // 1.0 = 0x3f800000, -2.5 = 0xc0200000
    expect(Array.from(float32Bytes(Float32Array.from([1, -2.5])))).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0]);
  });

  it('round-trips through a little-endian reader, NaN and subnormals included', () => {
    const values = Float32Array.from([0.1, -0, 3.4e38, 1e-45, NaN, -Infinity, 123456.789]);
    const bytes = float32Bytes(values);
    expect(bytes.length).toBe(values.length * 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const back = Float32Array.from({ length: values.length }, (_, i) => view.getFloat32(i * 4, true));
    expect(back).toEqual(values);
    expect(Object.is(back[1], -0)).toBe(true);
  });

  it('reads only the view it is given, not the whole underlying buffer', () => {
    const whole = Float32Array.from([1, 2, 3, 4]);
    expect(float32Bytes(whole.subarray(1, 3))).toEqual(float32Bytes(Float32Array.from([2, 3])));
  });
});
