/**
 * Does tfjs-backend-wasm's threaded SIMD build (XNNPACK's own thread pool) train the seed
 * autoencoder faster than the single-threaded SIMD build the package uses? Usage (packages/model):
 *   npm run bench:wasmthreads [-- samples rounds]
 * Each round trains one epoch on `samples` images (default 12,000, see images.ts), after a warm-up,
 * once per setting, each in a fresh process (a process initialises one wasm build), in alternation:
 *   simd          the package's path: single-threaded SIMD build, workers: 1
 *   threaded-1    the threaded SIMD build with a pool of 1 thread, workers: 1
 *   threaded-2    the threaded SIMD build with a pool of 2 threads, workers: 1
 *   workers-2     the default: single-threaded SIMD build on each of workers: 2 threads
 * and prints one line per run, e.g.
 *   setting=threaded-2 samples_per_s=N cpu_s=C least_batch_ms=B load=L sha256=…
 * where least_batch_ms is the shortest batch (workers-2: the shortest batch in a stretch of 100),
 * the time a batch takes when the scheduler gives the process what it asks for. Last, whether the
 * workers: 1 settings trained the same parameter bytes.
 *
 * tfjs 4.22 never picks the threaded build in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false
 * there), and forcing the flag alone fails three ways, each answered by a shim in
 * `startThreadedWasm` below (node_modules untouched):
 * 1. Its `locateFile` (dist/tf-backend-wasm.node.js, `factoryConfig.locateFile` in `init`) turns
 *    the pthread script into a `blob:` URL, which emscripten hands to `new Worker`; Node's
 *    worker_threads takes only a file path or a `file:`/`data:` URL object (a `data:` script is
 *    an ES module, where the script's `require` does not exist): ERR_WORKER_PATH.
 * 2. The main script each pthread evaluates (`mainScriptUrlOrBlob`) is also a Blob, of the
 *    bundle's factory function's source, which names the bundle's module-scope `require$$0..4`
 *    and `commonjsGlobal`: undefined in a worker. The pthread script reads it with
 *    fs.readFileSync of `URL.createObjectURL(blob)`, which fails for a `blob:` URL anyway.
 * 3. backend.cc caps the pool at emscripten_num_logical_cores() / 2 (it assumes two hyperthreads
 *    per core), i.e. os.cpus().length / 2 in Node: 1 on a 2-core machine, whatever
 *    setThreadsCount asks.
 * And a pthread worker stays ref'd while XNNPACK's threads wait for work, so the process would
 * never exit: the running workers are unref'd after start-up.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../src/core/backend';
import { defaultAutoencoderConfig } from '../src/core/config';
import { trainAutoencoder } from '../src/core/train';
import { parallelRunner } from '../src/parallel/parallelRunner';
import { loadImages } from './images';

// The 'os' module object itself (an import namespace's members cannot be reassigned): the wasm
// glue calls its cpus() when the module starts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const os = require('node:os') as typeof import('node:os');

const settings = {
  simd: { pool: 0, workers: 1 },
  'threaded-1': { pool: 1, workers: 1 },
  'threaded-2': { pool: 2, workers: 1 },
  'workers-2': { pool: 0, workers: 2 },
} as const;
type Setting = keyof typeof settings;

interface Emscripten {
  PThread: { runningWorkers: { unref(): void }[] };
}

/** Makes the threaded SIMD build the wasm backend, with a pool of `threads` threads. */
async function startThreadedWasm(threads: number): Promise<void> {
  const wasmOut = join(
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'wasm-out',
  );
  // emscripten's own pthread script ships as a module exporting its text; its one "\n" escape
  // becomes a line break inside a string literal, which tfjs escapes again before its Blob too.
  const scriptDir = mkdtempSync(join(tmpdir(), 'latentlens-wasm-pthread-'));
  const pthreadScript = join(scriptDir, 'pthread.js');
  writeFileSync(
    pthreadScript,
    [
      `const { wasmWorkerContents } = require(${JSON.stringify(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js'))});`,
      `URL.createObjectURL = () => ${JSON.stringify(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js'))};`,
      'URL.revokeObjectURL = () => {};',
      `new Function('require', '__filename', wasmWorkerContents.replace(/\\n/g, '\\\\n'))(require, __filename);`,
    ].join('\n'),
  );
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  const { createObjectURL } = URL;
  const { cpus } = os;
  URL.createObjectURL = (blob: Blob) =>
    blob.type === 'application/javascript' ? pthreadScript : createObjectURL(blob);
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('the threaded wasm build did not start');
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
    // The module is ready only when every worker of its pool has loaded the script.
    rmSync(scriptDir, { recursive: true, force: true });
  }
  const module = (tf.backend() as unknown as { wasm: Emscripten }).wasm;
  for (const worker of module.PThread.runningWorkers) worker.unref();
}

async function child(setting: Setting, samples: number): Promise<void> {
  const { pool, workers } = settings[setting];
  if (pool > 0) await startThreadedWasm(pool);
  await selectBackend('wasm');
  const { pixels } = loadImages(samples);
  const config = { ...defaultAutoencoderConfig, epochs: 1, workers };
  const runner = workers > 1 ? parallelRunner('wasm') : undefined;
  await trainAutoencoder(pixels, Math.min(samples, 1000), config, { runner });
  let least = Infinity;
  let [last, lastDone] = [performance.now(), 0];
  const onBatch = (done: number): void => {
    const now = performance.now();
    least = Math.min(least, (now - last) / (done - lastDone));
    [last, lastDone] = [now, done];
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { state } = await trainAutoencoder(pixels, samples, config, { runner, onBatch });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const hash = createHash('sha256');
  for (const p of state.params)
    hash.update(new Uint8Array(p.values.buffer, p.values.byteOffset, p.values.byteLength));
  console.log(
    `setting=${setting} samples_per_s=${Math.round(samples / seconds)} ` +
      `cpu_s=${((cpu.user + cpu.system) / 1e6).toFixed(2)} least_batch_ms=${least.toFixed(2)} ` +
      `load=${os.loadavg()[0].toFixed(1)} sha256=${hash.digest('hex').slice(0, 16)}`,
  );
}

function runChild(setting: Setting, samples: number): string {
  const output = execFileSync(process.execPath, [__filename, '--child', setting, String(samples)], {
    encoding: 'utf8',
  });
  process.stdout.write(output);
  return /sha256=(\w+)/.exec(output)?.[1] ?? '';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1] as Setting, Number(args[2]));
  const samples = Number(args[0] ?? 12000);
  const rounds = Number(args[1] ?? 3);
  const { source } = loadImages(1);
  console.error(
    `data: ${source}, ${samples} images per run; load average ${os.loadavg()[0].toFixed(1)}`,
  );
  const oneWorker = new Set<string>();
  for (let round = 0; round < rounds; round++) {
    for (const setting of Object.keys(settings) as Setting[]) {
      const hash = runChild(setting, samples);
      if (settings[setting].workers === 1) oneWorker.add(hash);
    }
  }
  console.log(
    `workers: 1 runs trained the same parameter bytes: ${oneWorker.size === 1 ? 'yes' : 'no'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
