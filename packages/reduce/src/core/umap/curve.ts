/**
 * The a and b of UMAP's low-dimensional similarity 1 / (1 + a d^(2b)): the least-squares fit, on
 * 300 points of [0, 3 spread], of the curve that is 1 up to `minDist` and decays as
 * exp(-(d - minDist) / spread) beyond (as umap-learn's `find_ab_params`), by Levenberg-Marquardt
 * from a = b = 1.
 */
export function fitCurve(spread: number, minDist: number): { a: number; b: number } {
  if (!(spread > 0)) throw new Error(`UMAP spread must be positive, got ${spread}`);
  if (!(minDist >= 0 && minDist <= spread))
    throw new Error(`UMAP minDist must be in [0, spread = ${spread}], got ${minDist}`);
  const points = 300;
  const xs = Float64Array.from({ length: points }, (_, i) => (3 * spread * i) / (points - 1));
  const ys = xs.map((x) => (x < minDist ? 1 : Math.exp(-(x - minDist) / spread)));
  const cost = (a: number, b: number) => {
    let sum = 0;
    for (let i = 0; i < points; i++) sum += (curve(xs[i], a, b) - ys[i]) ** 2;
    return sum;
  };
  let a = 1;
  let b = 1;
  let current = cost(a, b);
  let damping = 1e-3;
  for (let step = 0; step < 500; step++) {
    // Normal equations of the linearised residuals: J^T J and J^T r.
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < points; i++) {
      const x = xs[i];
      const u = x > 0 ? Math.pow(x, 2 * b) : 0;
      const denominator = 1 + a * u;
      const r = 1 / denominator - ys[i];
      const da = -u / (denominator * denominator);
      const db = x > 0 ? (-2 * a * u * Math.log(x)) / (denominator * denominator) : 0;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    const maa = jaa * (1 + damping);
    const mbb = jbb * (1 + damping);
    const det = maa * mbb - jab * jab;
    const stepA = (-mbb * ga + jab * gb) / det;
    const stepB = (jab * ga - maa * gb) / det;
    const next = cost(a + stepA, b + stepB);
    if (next < current) {
      a += stepA;
      b += stepB;
      damping /= 10;
      current = next;
      if (Math.abs(stepA) <= 1e-10 * a && Math.abs(stepB) <= 1e-10 * b) break;
    } else {
      damping *= 10;
      if (damping > 1e12) break;
    }
  }
  return { a, b };
}

function curve(x: number, a: number, b: number): number {
  return 1 / (1 + a * (x > 0 ? Math.pow(x, 2 * b) : 0));
}
