import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './backend';

function resolvable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

describe('selectBackend', () => {
  test('every tfjs package resolves the same tfjs-core', () => {
    const core = require.resolve('@tensorflow/tfjs-core');
    for (const pkg of [
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-layers',
    ]) {
      expect(
        require.resolve('@tensorflow/tfjs-core', { paths: [dirname(require.resolve(pkg))] }),
      ).toBe(core);
    }
  });

  test('wasm and cpu load on request and become the active backend', async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(await tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).data())).toEqual([4, 6]);
  });

  test('auto prefers tfjs-node and falls back to wasm without it', async () => {
    const expected = resolvable('@tensorflow/tfjs-node') ? 'tensorflow' : 'wasm';
    expect(await selectBackend('auto')).toBe(expected);
    expect(tf.getBackend()).toBe(expected);
  });

  test('an explicit backend that cannot load fails with a clear message', async () => {
    if (resolvable('@tensorflow/tfjs-node')) return;
    await expect(selectBackend('tensorflow')).rejects.toThrow(
      /Could not load the tfjs backend "tensorflow"/,
    );
    await expect(selectBackend('webgl' as never)).rejects.toThrow(/Unknown tfjs backend "webgl"/);
  });
});
