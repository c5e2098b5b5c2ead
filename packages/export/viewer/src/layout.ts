/** Viewing angles of a 3-D projection, in degrees: turn about the vertical axis, then tilt. */
export interface ViewAngles {
  yaw: number;
  pitch: number;
}

/** Fraction of the plot the points span, leaving a margin at the edges. */
const FILL = 0.95;

/**
 * Screen positions in [-1, 1] (the normalized device coordinates regl-scatterplot draws) from
 * planar coordinates (all x, then all y, then z). Centred on the bounding box and scaled the
 * same on every axis, so shapes keep their proportions. A 3-D projection is shown as an
 * orthographic view at `angles`; it is scaled by its largest distance from the centre, so
 * turning it never changes the zoom. Yaw 0 and pitch 0 show x across and y up.
 */
export function screenCoordinates(
  coords: Float32Array,
  n: number,
  dims: number,
  angles: ViewAngles = { yaw: 0, pitch: 0 },
): { x: Float32Array; y: Float32Array } {
  const centre: number[] = [];
  const half: number[] = [];
  for (let a = 0; a < dims; a++) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = a * n; i < (a + 1) * n; i++) {
      const v = coords[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    centre.push(min <= max ? (min + max) / 2 : 0);
    half.push(min <= max ? (max - min) / 2 : 0);
  }
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  if (dims === 2) {
    const scale = FILL / (Math.max(half[0], half[1]) || 1);
    for (let i = 0; i < n; i++) {
      x[i] = (coords[i] - centre[0]) * scale;
      y[i] = (coords[n + i] - centre[1]) * scale;
    }
    return { x, y };
  }
  let radius = 0;
  for (let i = 0; i < n; i++) {
    const dx = coords[i] - centre[0];
    const dy = coords[n + i] - centre[1];
    const dz = coords[2 * n + i] - centre[2];
    radius = Math.max(radius, Math.sqrt(dx * dx + dy * dy + dz * dz));
  }
  const scale = FILL / (radius || 1);
  const yaw = (angles.yaw * Math.PI) / 180;
  const pitch = (angles.pitch * Math.PI) / 180;
  const [cy, sy, cp, sp] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch)];
  for (let i = 0; i < n; i++) {
    const px = (coords[i] - centre[0]) * scale;
    const py = (coords[n + i] - centre[1]) * scale;
    const pz = (coords[2 * n + i] - centre[2]) * scale;
    const depth = -px * sy + pz * cy;
    x[i] = px * cy + pz * sy;
    y[i] = py * cp - depth * sp;
  }
  return { x, y };
}
