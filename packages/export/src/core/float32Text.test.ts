import { float32Text } from './float32Text';
import { seededRandom as mulberry32 } from '@latentlens/data';

/** Significant digits in a decimal text such as "-0.00123", "4.5e-7" or "100000". */
function significantDigits(text: string): number {
  return text.replace(/^-|e.*$|\./g, '').replace(/^0+|0+$/g, '').length;
}

describe('float32Text', () => {
  it('writes the shortest text that reads back as the same float32', () => {
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(-2.5))).toBe('-2.5');
    expect(float32Text(3)).toBe('3');
    expect(float32Text(100000)).toBe('100000');
    expect(float32Text(Math.fround(1e-7))).toBe('1e-7');
    expect(float32Text(Math.fround(3.4e38))).toBe('3.4e+38');
    expect(float32Text(Math.fround(1 / 3))).toBe('0.33333334');
    expect(float32Text(0)).toBe('0');
    expect(float32Text(-0)).toBe('-0');
  });

  it('round-trips random float32 values of every magnitude with at most 9 digits', () => {
    const random = mulberry32(7);
    const bits = new Uint32Array(1);
    const asFloat = new Float32Array(bits.buffer);
    const failures: string[] = [];
    let checked = 0;
    while (checked < 20000) {
      bits[0] = Math.floor(random() * 2 ** 32);
      const x = asFloat[0];
      if (!Number.isFinite(x)) continue;
      const text = float32Text(x);
      if (Math.fround(Number(text)) !== x || significantDigits(text) > 9) failures.push(`${x} → ${text}`);
      checked++;
    }
    expect(failures).toEqual([]);
  });

  it('is never longer than needed: one digit fewer does not read back', () => {
    const random = mulberry32(11);
    const tooLong: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const x = Math.fround((random() - 0.5) * 10 ** Math.floor(random() * 10 - 5));
      const digits = significantDigits(float32Text(x));
      if (digits > 1 && Math.fround(Number(x.toPrecision(digits - 1))) === x) tooLong.push(float32Text(x));
    }
    expect(tooLong).toEqual([]);
  });

  it('writes what the plain toPrecision search writes, across decades and near powers of ten', () => {
    // The reference: the smallest p whose toPrecision(p) reads back, printed by String.
    const reference = (x: number): string => {
      let p = 1;
      while (Math.fround(Number(x.toPrecision(p))) !== x) p++;
      return String(Number(x.toPrecision(p)));
    };
    const random = mulberry32(5);
    const bits = new Uint32Array(1);
    const asFloat = new Float32Array(bits.buffer);
    const values: number[] = [9.96, 0.96, 999.99994, 1e23, 1e-6, 9.5e-7, 65504, 16777216, 2 ** -149, 2 ** -126];
    for (let e = -40; e <= 38; e++) {
      // The float32 values just around 10^e, where log10 and the digit count can disagree.
      bits[0] = new Uint32Array(Float32Array.of(Number(`1e${e}`)).buffer)[0];
      const centre = bits[0];
      for (let step = -20; step <= 20; step++) {
        bits[0] = centre + step;
        values.push(asFloat[0]);
      }
    }
    for (let k = 0; k < 20000; k++) values.push((random() - 0.5) * 10 ** Math.floor(random() * 16 - 8));
    const differing = values
      .map((v) => Math.fround(v))
      .filter((x) => Number.isFinite(x) && x !== 0 && float32Text(x) !== reference(x))
      .map((x) => `${x}: ${float32Text(x)} vs ${reference(x)}`);
    expect(differing).toEqual([]);
  });

  it('refuses non-finite values', () => {
    expect(() => float32Text(NaN)).toThrow(RangeError);
    expect(() => float32Text(Infinity)).toThrow(RangeError);
    expect(() => float32Text(1e39)).toThrow(RangeError); // overflows float32
  });
});
