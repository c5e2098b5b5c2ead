/**
 * Benchmark: the whole export stage on N points with real images (Fashion-MNIST: Debian's
 * dataset-fashion-mnist, or the public mirror) and synthetic codes, projections, history and
 * reconstructions written with the real contract writers (src/stage/test-helpers).
 * n < 70,000 embeds the first n/2 images of each split. Usage (from the repository root):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register \
 *     packages/export/bench/export-large.ts [sizes, default 10000,70000] [--raw-pixels] [--keep DIR]
 * Prints wall and CPU time (all threads of the process) per phase, and the sizes written.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDataStage } from '@latentlens/data';
import { runExportStage } from '../src/stage/exportStage';
import { writeSyntheticArtifacts } from '../src/stage/test-helpers/syntheticArtifacts';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function bytesUnder(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

async function main() {
  const args = process.argv.slice(2);
  const sizes = (args.find((a) => /^\d/.test(a)) ?? '10000,70000').split(',').map(Number);
  const rawPixels = args.includes('--raw-pixels');
  const keep = args.includes('--keep') ? args[args.indexOf('--keep') + 1] : undefined;
  const root = keep ?? mkdtempSync(join(tmpdir(), 'latentlens-export-bench-'));
  for (const n of sizes) {
    const dir = join(root, String(n));
    // Every image is embedded: all 70,000, or the first n/2 of each split.
    const limit = n >= 70000 ? undefined : n / 2;
    const data = await runDataStage({
      config: { source: 'fashion-mnist', limit },
      outDir: join(dir, 'data'),
    });
    const paths = writeSyntheticArtifacts(dir, data.path, {
      embed: 'all',
      reconstructionsPerClass: 20,
    });
    const phases: string[] = [];
    let [phase, wall, cpu] = ['start', Date.now(), cpuMs()];
    const mark = (next: string) => {
      phases.push(`${phase}: ${Date.now() - wall} ms (cpu ${Math.round(cpuMs() - cpu)} ms)`);
      [phase, wall, cpu] = [next, Date.now(), cpuMs()];
    };
    const started = [Date.now(), cpuMs()];
    await runExportStage({
      ...paths,
      config: { invertSprite: false, rawPixels },
      outDir: join(dir, 'export'),
      progress: { phase: mark, update: () => undefined, log: (m) => console.log(`  log: ${m}`) },
    });
    mark('end');
    console.log(
      `${n} points${rawPixels ? ' with raw pixels' : ''}: ${Date.now() - started[0]} ms wall, ${Math.round(cpuMs() - started[1])} ms cpu`,
    );
    console.log(`  ${phases.slice(1).join('\n  ')}`);
    for (const part of ['tensorboard', 'projector', 'figures', 'report.html']) {
      console.log(`  ${part}: ${(bytesUnder(join(dir, 'export', part)) / 1e6).toFixed(1)} MB`);
    }
    const files = [
      'tensorboard/autoencoder/tensors.tsv',
      'tensorboard/sprite.png',
      'projector/bookmarks.json',
      'figures/projection-tsne.svg',
      'figures/projection-tsne.png',
    ];
    if (rawPixels) files.push('projector/pixels.bytes', 'tensorboard/pixels/tensors.tsv');
    for (const file of files) {
      const path = join(dir, 'export', file);
      console.log(
        `  ${file}: ${statSync(path, { throwIfNoEntry: false }) ? (statSync(path).size / 1e6).toFixed(2) + ' MB' : 'not written'}`,
      );
    }
  }
  if (!keep) rmSync(root, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
