/**
 * The a, b of UMAP's low-dimensional similarity 1 / (1 + a·d^(2b)), fitted to the curve that is
 * 1 up to `minDist` and exp(−(d − minDist) / spread) beyond, on 300 points over [0, 3·spread].
 *
 * The fit follows umap-js 1.4 step for step (its tests compare a and b to 1e-6), two quirks
 * included: below `minDist` it moves the sample to d = 1 instead of setting the target to 1, and
 * it runs 100 Levenberg-Marquardt steps of fixed damping 1.5 on a forward-difference Jacobian
 * with step 0.1 (unless the summed absolute error falls to 0.01, which it does not), so its a and
 * b are the fixed point of that scheme rather than the exact least-squares optimum.
 */
export function fitCurve(spread: number, minDist: number): { a: number; b: number } {
  const points = 300;
  const xs = new Float64Array(points);
  const ys = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const at = (3 * spread * i) / (points - 1);
    xs[i] = at < minDist ? 1 : at;
    ys[i] = xs[i] >= minDist ? Math.exp(-(xs[i] - minDist) / spread) : 0;
  }
  const curve = (a: number, b: number, x: number) => 1 / (1 + a * Math.pow(x, 2 * b));
  const absError = (a: number, b: number) => {
    let sum = 0;
    for (let i = 0; i < points; i++) sum += Math.abs(ys[i] - curve(a, b, xs[i]));
    return sum;
  };
  const damping = 1.5;
  const h = 0.1;
  let a = 0.5;
  let b = 0.5;
  for (let step = 0; step < 100 && absError(a, b) > 0.01; step++) {
    // g = f(p) − f(p + h·e_k) per parameter k, r = y − f(p); then p ← p − h (λh²I + G Gᵀ)⁻¹ G r.
    let gaa = 0;
    let gab = 0;
    let gbb = 0;
    let gar = 0;
    let gbr = 0;
    for (let i = 0; i < points; i++) {
      const f = curve(a, b, xs[i]);
      const ga = f - curve(a + h, b, xs[i]);
      const gb = f - curve(a, b + h, xs[i]);
      const r = ys[i] - f;
      gaa += ga * ga;
      gab += ga * gb;
      gbb += gb * gb;
      gar += ga * r;
      gbr += gb * r;
    }
    const m00 = gaa + damping * h * h;
    const m11 = gbb + damping * h * h;
    const det = m00 * m11 - gab * gab;
    const da = (m11 * gar - gab * gbr) / det;
    const db = (m00 * gbr - gab * gar) / det;
    a -= h * da;
    b -= h * db;
    if (Number.isNaN(absError(a, b))) break;
  }
  return { a, b };
}
