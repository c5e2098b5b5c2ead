import { lab, rgb } from 'd3-color';

/**
 * Tableau 10, as Vega's `tableau10` scheme spells it: ten categorical colours that stay apart
 * on white paper and on the viewer's near-black background, and in most forms of colour
 * blindness better than d3's category10. Datasets of up to ten classes get exactly these.
 */
export const TABLEAU10 = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
];

/**
 * The band of CIELAB lightness L* and chroma C* the colours past the tenth come from. L* 40 to
 * 78 lies within Tableau 10's own range (its blue 49 to its yellow 82), so every added colour
 * shows on the figures' white (L* 100) and on the viewer's background (#111318, L* 6). Without a
 * chroma cap the greedy search below picks the sRGB gamut's neon corners first (#7b00ff,
 * #ff08ce, #00de00…), which shout over Tableau's muted colours; C* 15 to 65 keeps them in tone
 * and leaves greys out (Tableau has one).
 */
const LIGHTNESS = [40, 78];
const CHROMA = [15, 65];
/** Levels per sRGB channel of the candidate grid: 32³ = 32,768 colours, 11,013 in the band. */
const LEVELS = 32;

interface Candidate {
  hex: string;
  l: number;
  a: number;
  b: number;
}

let candidates: Candidate[] | null = null;
/** Every grid colour inside the band, in a fixed order (red, then green, then blue). */
function candidateColors(): Candidate[] {
  if (candidates) return candidates;
  candidates = [];
  const step = (i: number) => Math.round((i * 255) / (LEVELS - 1));
  for (let r = 0; r < LEVELS; r++) {
    for (let g = 0; g < LEVELS; g++) {
      for (let b = 0; b < LEVELS; b++) {
        const colour = rgb(step(r), step(g), step(b));
        const { l, a, b: bLab } = lab(colour);
        const chroma = Math.hypot(a, bLab);
        if (l < LIGHTNESS[0] || l > LIGHTNESS[1]) continue;
        if (chroma < CHROMA[0] || chroma > CHROMA[1]) continue;
        candidates.push({ hex: colour.formatHex(), l, a, b: bLab });
      }
    }
  }
  return candidates;
}

/** The palette grown so far: each call only extends it, so class k keeps its colour for any count. */
const palette = [...TABLEAU10];
/** Per candidate, the squared CIELAB distance (ΔE*76²) to the nearest colour of the palette. */
let nearest: Float64Array | null = null;

function take(colour: { l: number; a: number; b: number }): void {
  const pool = candidateColors();
  for (let i = 0; i < pool.length; i++) {
    const d =
      (pool[i].l - colour.l) ** 2 + (pool[i].a - colour.a) ** 2 + (pool[i].b - colour.b) ** 2;
    if (d < nearest![i]) nearest![i] = d;
  }
}

/**
 * Colours for `count` classes, as #rrggbb (the viewer's WebGL plot takes only hex or RGB), class
 * k's colour being the same for any count: Tableau 10, then Glasbey's greedy method (Glasbey,
 * van der Heijden, Toh & Gray, "Colour displays for categorical images", 2007) — each next
 * colour is the grid colour of the band farthest in CIELAB from every colour so far.
 * No colour repeats, however many classes (the figures used to cycle Tableau 20 after 20); the
 * more classes, the closer the nearest two: measured ΔE*76 27.7 for up to 22 classes (Tableau's
 * own pink and grey), 25.2 for 30, 21.0 for 50, 15.3 for 100.
 * Shared by the figures and the browser viewer, so a class has one colour in both.
 */
export function classColors(count: number): string[] {
  if (count > palette.length) {
    const pool = candidateColors();
    if (!nearest) {
      nearest = new Float64Array(pool.length).fill(Infinity);
      for (const hex of palette) take(lab(hex));
    }
    while (palette.length < count) {
      let best = 0;
      for (let i = 1; i < pool.length; i++) if (nearest[i] > nearest[best]) best = i;
      palette.push(pool[best].hex);
      take(pool[best]);
    }
  }
  return palette.slice(0, count);
}
