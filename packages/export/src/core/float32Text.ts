/**
 * The shortest decimal text that reads back as the same float32 (what numpy's `str` of a
 * float32 gives, and so what PyTorch's `add_embedding` writes), e.g. 0.1 rather than the
 * float64 expansion 0.10000000149011612.
 *
 * "Reads back" means what every reader of our files does: parse to float64 (Python's float,
 * JavaScript's Number), then round to float32. `toPrecision(p)` is the correctly rounded p-digit
 * decimal; if p digits read back, p + 1 digits do too (the p-digit value is also a (p+1)-digit
 * candidate), so the answer is the smallest p in 1..9 that reads back — 9 significant digits
 * always suffice for float32.
 *
 * Calling `toPrecision` (and parsing its text) for each candidate p costs about 0.9 µs per
 * value, 4 s of CPU for a 70,000 × 64 tensor; the candidates are computed in arithmetic instead
 * (see `fastShortest`, 0.15 µs per value), with the same result.
 */
export function float32Text(value: number): string {
  const x = Math.fround(value);
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${value}`);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return fastShortest(x) ?? slowShortest(x);
}

/** 10^k for k = 0..22: every one is exactly representable as a float64. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * With s = p − 1 − ⌊log10 |x|⌋ and |s| ≤ 22, 10^|s| is exact, so |x|·10^s (a product or a
 * quotient) is the exact scaled value rounded once, with a relative error below 2^−53. Rounding
 * it to an integer m gives the same p-digit mantissa as `toPrecision(p)` unless the exact value
 * lies within that error of a half-integer; such rare values (and exponents beyond ±22) are left
 * to `slowShortest`. m·10^−s, computed the same way, is the correctly rounded float64 of the
 * decimal, i.e. exactly what parsing `toPrecision(p)` gives, so the read-back test is the same.
 * Most float32 values need 8 or 9 digits, so the search starts at 8.
 */
function fastShortest(x: number): string | null {
  const magnitude = Math.abs(x);
  const exponent = Math.floor(Math.log10(magnitude));
  let best = 0;
  let bestScale = 0;
  for (let p = 8; p >= 1; p--) {
    const s = p - 1 - exponent;
    const mantissa = readsBackAt(magnitude, p, s);
    if (mantissa < 0) return null;
    if (mantissa === 0) break;
    best = mantissa;
    bestScale = s;
  }
  if (best === 0) {
    best = readsBackAt(magnitude, 9, 8 - exponent);
    bestScale = 8 - exponent;
    if (best <= 0) return null;
  }
  return decimalText(x < 0, best, bestScale);
}

/**
 * The p-digit mantissa m (|x| ≈ m·10^−s) when it reads back as |x|, 0 when it does not, −1 when
 * the arithmetic cannot decide (see above).
 */
function readsBackAt(magnitude: number, p: number, s: number): number {
  if (s > 22 || s < -22) return -1;
  const scale = POW10[s < 0 ? -s : s];
  const scaled = s >= 0 ? magnitude * scale : magnitude / scale;
  const mantissa = Math.round(scaled);
  // log10 may misjudge the exponent near powers of ten: the mantissa must have p digits, or be
  // 10^p after rounding up (9.96 to one digit is 10, as toPrecision(1) says too).
  if (mantissa > POW10[p] || mantissa < POW10[p - 1]) return -1;
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) return -1;
  const decimal = s >= 0 ? mantissa / scale : mantissa * scale;
  return Math.fround(decimal) === magnitude ? mantissa : 0;
}

/**
 * m·10^−s as JavaScript's `String` prints a number: plain digits from 1e-6 up to 1e21, exponent
 * form outside (left to `String` itself).
 */
function decimalText(negative: boolean, mantissa: number, scale: number): string {
  let m = mantissa;
  let s = scale;
  while (m % 10 === 0) {
    m /= 10;
    s--;
  }
  const digits = String(m);
  const point = digits.length - s; // the value is 0.digits × 10^point
  let text: string;
  if (point > 21 || point <= -6) {
    text = String(Number(`${digits}e${-s}`));
  } else if (s <= 0) {
    text = digits + '0'.repeat(-s);
  } else if (point > 0) {
    text = digits.slice(0, point) + '.' + digits.slice(point);
  } else {
    text = '0.' + '0'.repeat(-point) + digits;
  }
  return negative ? '-' + text : text;
}

function slowShortest(x: number): string {
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(x.toPrecision(mid))) === x) hi = mid;
    else lo = mid + 1;
  }
  // Number → String drops toPrecision's padding zeros and forced exponents ("1.00e+5" → "100000").
  return String(Number(x.toPrecision(lo)));
}
