import { PNG } from 'pngjs';

/** Share of pixels whose colour differs between two screenshots of the same size. */
export function changedFraction(a: Buffer, b: Buffer): number {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  if (pa.width !== pb.width || pa.height !== pb.height) return 1;
  let changed = 0;
  for (let i = 0; i < pa.data.length; i += 4) {
    if (
      pa.data[i] !== pb.data[i] ||
      pa.data[i + 1] !== pb.data[i + 1] ||
      pa.data[i + 2] !== pb.data[i + 2]
    )
      changed++;
  }
  return changed / (pa.width * pa.height);
}

/** Share of pixels that are not the plot's background colour: how much of the canvas is drawn. */
export function inkFraction(png: Buffer, background: [number, number, number]): number {
  const image = PNG.sync.read(png);
  let ink = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const d =
      Math.abs(image.data[i] - background[0]) +
      Math.abs(image.data[i + 1] - background[1]) +
      Math.abs(image.data[i + 2] - background[2]);
    if (d > 24) ink++;
  }
  return ink / (image.width * image.height);
}
