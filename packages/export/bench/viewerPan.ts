/**
 * Benchmark: frame times while panning a 70,000-point projection in the built viewer, in
 * headless Chromium (SwiftShader: WebGL on the CPU, so a real GPU does far better).
 * The export is synthetic (ten Gaussian clusters, noise thumbnails, neighbours by index), or an
 * export's viewer/ folder given on the command line. Usage (from the repository root, after
 * building packages/export):
 *   node -r @swc-node/register packages/export/bench/viewerPan.ts [points | viewer folder] [steps]
 * Prints the requestAnimationFrame intervals seen during a scripted drag.
 */
import { Embeddings, Projection, seededRandom } from '@latentlens/data';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../e2e/chromium';
import { startStaticServer } from '../src/serve/staticServer';
import { viewerData } from '../src/viewer/viewerData';
import { writeViewer } from '../src/viewer/viewerApp';

function syntheticExport(n: number) {
  const random = seededRandom(7);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  const labels = Uint8Array.from({ length: n }, () => Math.floor(random() * 10));
  const coords = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const angle = (labels[i] / 10) * 2 * Math.PI;
    coords[2 * i] = 10 * Math.cos(angle) + gaussian();
    coords[2 * i + 1] = 10 * Math.sin(angle) + gaussian();
  }
  const embeddings: Embeddings = {
    ids,
    splits: Uint8Array.from({ length: n }, (_, i) => i % 2),
    labels,
    values: coords,
    dim: 2,
    reconstructionError: Float32Array.from({ length: n }, () => random()),
  };
  const projection: Projection = {
    ids,
    dims: 2,
    coords,
    info: { name: 'clusters', method: 'synthetic', params: {}, quality: {} },
  };
  const k = 10;
  const neighbors = {
    n,
    k,
    indices: Int32Array.from({ length: n * k }, (_, t) => (Math.floor(t / k) + 1 + (t % k)) % n),
    distances: new Float32Array(n * k),
  };
  const pixels = Uint8Array.from({ length: n * 784 }, () => (random() < 0.2 ? 255 : 0));
  return viewerData({
    embeddings,
    classNames: Array.from({ length: 10 }, (_, i) => `c${i}`),
    thumbnails: { pixels, rows: 28, cols: 28 },
    projections: [projection],
    neighbors,
    title: `${n} synthetic points`,
  });
}

async function main() {
  const what = process.argv[2] ?? '70000';
  const steps = Number(process.argv[3] ?? 120);
  // A folder is an export's viewer/ as it is; a number, that many synthetic points.
  const given = existsSync(what);
  const dir = given ? what : mkdtempSync(join(tmpdir(), 'latentlens-pan-'));
  if (!given) writeViewer(dir, syntheticExport(Number(what)));
  const server = await startStaticServer({ root: dir, host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.waitForFunction(
      () => window.__viewer.ready || window.__viewer.error !== null,
      undefined,
      { timeout: 120000 },
    );
    const drawn = await page.evaluate(() => window.__viewer.pointsDrawn);
    const box = (await page.locator('#canvas').boundingBox())!;
    await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; recording: boolean };
      w.frames = [];
      w.recording = true;
      const tick = (t: number) => {
        w.frames.push(t);
        if (w.recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const x0 = box.x + box.width / 2;
    const y0 = box.y + box.height / 2;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    const started = Date.now();
    for (let s = 1; s <= steps; s++)
      await page.mouse.move(x0 + 200 * Math.sin(s / 10), y0 + 150 * Math.sin(s / 15));
    await page.mouse.up();
    const wall = Date.now() - started;
    const frames = await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; recording: boolean };
      w.recording = false;
      return w.frames;
    });
    const intervals = frames
      .slice(1)
      .map((t, i) => t - frames[i])
      .sort((a, b) => a - b);
    const at = (q: number) =>
      intervals[Math.min(intervals.length - 1, Math.floor(q * intervals.length))].toFixed(1);
    const mean = intervals.reduce((s, v) => s + v, 0) / intervals.length;
    console.log(
      `${drawn} points drawn; ${steps} drag steps in ${wall} ms; ${intervals.length} frames`,
    );
    console.log(
      `frame interval ms: mean ${mean.toFixed(1)}, median ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)}`,
    );
  } finally {
    await browser.close();
    await server.close();
    if (!given) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
