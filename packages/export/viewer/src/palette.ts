export const SPLIT_COLORS = ['#7aa6ff', '#ffb347'];

/** Low values dark, high values bright: badly reconstructed images stand out. */
const RAMP_STOPS = ['#3b2f7a', '#7a2f8f', '#c43b75', '#f4774b', '#fde68a'];

function rgb(hex: string): number[] {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

/** `steps` colours blending linearly through the ramp's stops. */
export function rampColors(steps: number): string[] {
  const stops = RAMP_STOPS.map(rgb);
  return Array.from({ length: steps }, (_, i) => {
    const t = (i / Math.max(1, steps - 1)) * (stops.length - 1);
    const lo = Math.min(stops.length - 2, Math.floor(t));
    const f = t - lo;
    const c = stops[lo].map((v, k) => Math.round(v + (stops[lo + 1][k] - v) * f));
    return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  });
}

/** CSS gradient of the same ramp, for the legend. */
export const RAMP_CSS = `linear-gradient(to right, ${RAMP_STOPS.join(', ')})`;

/**
 * Each value's percentile in [0, 1] (ties share the lowest rank). Errors are skewed, so colouring
 * by percentile spreads the colours evenly over the points instead of a few outliers.
 */
export function percentiles(values: Float32Array): Float32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float32Array(n);
  let rank = 0;
  for (let r = 0; r < n; r++) {
    if (r > 0 && values[order[r]] !== values[order[r - 1]]) rank = r;
    out[order[r]] = n > 1 ? rank / (n - 1) : 0;
  }
  return out;
}

/** The value at quantile q of `values` (nearest rank). */
export function quantile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}
