/**
 * Benchmark of the images source: a folder (default Debian's openclipart-png,
 * /usr/share/openclipart/png, 8,121 PNGs in 22 folders) into a dataset at 32×32 grey, the whole
 * data stage (walk, read, hash, decode, resize, write dataset.arrow). Usage (from packages/data):
 *   npm run bench:images [-- --dir <folder>] [--size 32]
 * prints one line, e.g.
 *   data source=images n=8115 seconds=18.2 cpu_s=30.1 rss_mb=180 skipped=6 load=2.1
 * seconds is wall time, cpu_s the CPU time of the process (libvips' threads included), rss_mb
 * the peak resident set, load the 1-minute load average at the end (other processes on the
 * machine show in seconds, much less in cpu_s). Bad images are skipped (onError: skip), as the
 * pipeline does: the clip art holds a few drawings over the 100-megapixel limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// The built package (npm run build first, as the script does): the stage reads its version from
// the package.json beside dist/.
import { datasetMetadata, readArrowFile, runDataStage } from '@latentlens/data';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: '/usr/share/openclipart/png' },
      size: { type: 'string', default: '32' },
    },
  });
  const outDir = mkdtempSync(join(tmpdir(), 'latentlens-bench-images-'));
  try {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await runDataStage({
      config: { source: 'images', dir: values.dir, size: Number(values.size), onError: 'skip' },
      outDir,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    const skipped = datasetMetadata(readArrowFile(result.path)).provenance.skipped as
      | unknown[]
      | undefined;
    console.log(
      [
        'data source=images',
        `n=${result.rows}`,
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
