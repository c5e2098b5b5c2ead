import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConvFilterGradient } from './wasmKernels';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/** The order 'auto' tries: native TensorFlow, then WebAssembly, then plain JavaScript. */
const autoOrder: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/**
 * Registers a backend's kernels with the one tfjs-core instance every package shares. Only
 * tfjs-node can fail here: it is optional and its native binary is often missing.
 */
function registerBackend(name: BackendName): void {
  if (name === 'tensorflow' && tf.findBackendFactory('tensorflow') === null) {
    // Loaded lazily because it is an optional dependency; requiring it registers 'tensorflow'.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  }
  if (name === 'wasm') {
    // No setWasmPaths needed: the Node build loads its .wasm files from its own directory
    // (__dirname of tf-backend-wasm.node.js), where the package ships them.
    // The single-threaded SIMD build: tfjs picks no other in Node, and the threaded one (XNNPACK's
    // pool of threads), started with the shims of bench/wasmThreads.ts, trained at 0.26-0.51x its
    // speed for 2.3-2.5x the CPU with a pool of 2 on 2 cores, to the same bytes (README, Speed).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    registerWasmConvFilterGradient();
  }
}

async function activate(name: BackendName): Promise<void> {
  registerBackend(name);
  if (tf.findBackendFactory(name) === null)
    throw new Error('it did not register itself with tfjs-core');
  // setBackend resolves to false (after logging) when the backend's initialisation fails.
  if (!(await tf.setBackend(name))) throw new Error('its initialisation failed');
  await tf.ready();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/**
 * Makes the preferred tfjs backend the active one and returns its name. 'auto' takes the first of
 * tensorflow (tfjs-node), wasm, cpu that loads; an explicit choice that cannot load throws.
 */
export async function selectBackend(preference: BackendPreference): Promise<BackendName> {
  const candidates = preference === 'auto' ? autoOrder : [preference];
  if (!candidates.every((c) => autoOrder.includes(c))) {
    throw new Error(`Unknown tfjs backend "${preference}"; expected auto, ${autoOrder.join(', ')}`);
  }
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      await activate(name);
      return name;
    } catch (error) {
      failures.push(`${name}: ${describe(error)}`);
    }
  }
  throw new Error(`Could not load the tfjs backend "${preference}" (${failures.join('; ')})`);
}
