/**
 * The shortest decimal text that reads back as the same float32 (what numpy's `str` of a
 * float32 gives, and so what PyTorch's `add_embedding` writes), e.g. 0.1 rather than the
 * float64 expansion 0.10000000149011612.
 *
 * `toPrecision(p)` is the correctly rounded p-digit decimal; if p digits read back, p + 1 digits
 * do too (the p-digit value is also a (p+1)-digit candidate), so the shortest p is found by
 * binary search over 1..9 — 9 significant digits always suffice for float32.
 */
export function float32Text(value: number): string {
  const x = Math.fround(value);
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${value}`);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
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
