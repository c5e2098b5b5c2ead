/**
 * Benchmark of the images source: the whole data stage (walk, read, hash, decode, resize, write
 * dataset.arrow) on a real folder. Usage (from packages/data):
 *   npm run bench:images [-- --dir <folder>] [--size 32] [--channels 3]
 *   npm run bench:images -- --fashion-mnist [--size 28] [--channels 1]
 * The default folder is Debian's openclipart-png (/usr/share/openclipart/png, 8,121 PNGs in 22
 * folders). `--fashion-mnist` first writes Fashion-MNIST's 70,000 images (Debian's
 * dataset-fashion-mnist, read by the fashion-mnist source) as PNG files in one folder per class,
 * once, into <tmpdir>/latentlens-fashion-mnist-png (reused while its `complete` marker is there),
 * then reads that folder. Each run prints one line, e.g.
 *   data source=images n=8105 seconds=18.2 cpu_s=30.1 rss_mb=180 skipped=16 load=2.1
 * seconds is wall time, cpu_s the CPU time of the process (libvips' threads included), rss_mb
 * the peak resident set, load the 1-minute load average at the end (other processes on the
 * machine show in seconds, much less in cpu_s). Bad images are skipped (onError: skip), as the
 * clipart pipeline does: the clip art holds a few drawings over the 100-megapixel limit.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
// The built package (npm run build first, as the script does): the stage reads its version from
// the package.json beside dist/.
import {
  datasetMetadata,
  readArrowFile,
  runDataStage,
  tableToDataset,
  valuesPerImage,
} from '@latentlens/data';

/** Fashion-MNIST's 70,000 images as PNG files, `<class index>-<name>/<id>.png`, written once. */
async function fashionMnistFolder(): Promise<string> {
  const dir = join(tmpdir(), 'latentlens-fashion-mnist-png');
  if (existsSync(join(dir, 'complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const work = mkdtempSync(join(tmpdir(), 'latentlens-bench-fashion-'));
  try {
    const made = await runDataStage({ config: { source: 'fashion-mnist' }, outDir: work });
    const ds = tableToDataset(readArrowFile(made.path));
    const folders = ds.classNames.map((name, c) => join(dir, `${c}-${name.replace(/\W+/g, '_')}`));
    for (const folder of folders) mkdirSync(folder, { recursive: true });
    const per = valuesPerImage(ds);
    let next = 0;
    const writer = async () => {
      while (next < ds.ids.length) {
        const i = next++;
        const raw = ds.pixels.subarray(i * per, (i + 1) * per);
        await sharp(raw, { raw: { width: ds.cols, height: ds.rows, channels: 1 } })
          .png()
          .toFile(join(folders[ds.labels[i]], `${String(ds.ids[i]).padStart(5, '0')}.png`));
      }
    };
    await Promise.all([writer(), writer(), writer()]);
    writeFileSync(join(dir, 'complete'), `${ds.ids.length}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: '/usr/share/openclipart/png' },
      'fashion-mnist': { type: 'boolean', default: false },
      size: { type: 'string' },
      channels: { type: 'string' },
    },
  });
  const fashion = values['fashion-mnist'];
  const dir = fashion ? await fashionMnistFolder() : values.dir;
  const size = Number(values.size ?? (fashion ? 28 : 32));
  const channels = Number(values.channels ?? (fashion ? 1 : 3)) as 1 | 3;
  const outDir = mkdtempSync(join(tmpdir(), 'latentlens-bench-images-'));
  try {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await runDataStage({
      config: { source: 'images', dir, size, channels, onError: 'skip' },
      outDir,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    const skipped = datasetMetadata(readArrowFile(result.path)).provenance.skipped as
      unknown[] | undefined;
    console.log(
      [
        'data source=images',
        `n=${result.rows}`,
        `size=${size}x${size}x${channels}`,
        `seconds=${seconds.toFixed(1)}`,
        `cpu_s=${((used.user + used.system) / 1e6).toFixed(1)}`,
        `rss_mb=${Math.round(process.resourceUsage().maxRSS / 1024)}`,
        `skipped=${skipped?.length ?? 0}`,
        `load=${loadavg()[0].toFixed(1)}`,
      ].join(' '),
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
