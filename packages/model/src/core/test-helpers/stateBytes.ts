import type { TrainingState } from '../state';

/**
 * Every float of the weights and optimizer moments, as raw bytes: comparing two Buffers is fast
 * and exact, unlike jest's deep equality over thousands of floats.
 */
export function stateBytes(state: TrainingState): Buffer {
  const arrays = [
    ...state.params.map((p) => p.values),
    ...state.firstMoment,
    ...state.secondMoment,
  ];
  return Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}
