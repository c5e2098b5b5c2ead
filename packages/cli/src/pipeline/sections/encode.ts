import { anyOf, field, int, list, obj, oneOf } from '@latentlens/data';

/** `encode:` — which images get a code (the seed embeds the test split). */
export const encodeSection = obj({
  splits: field(list(oneOf('train', 'test'), 1, 2), ['test']),
  // Absent means auto for both; neither changes a single number of the output.
  backend: field(oneOf('auto', 'tensorflow', 'wasm', 'cpu'), undefined, 'default auto'),
  workers: field(
    anyOf('"auto" or a whole number from 1 to 64', oneOf('auto'), int(1, 64)),
    undefined,
    'threads (default auto: two for 20,000 images or more on a machine with two cores)',
  ),
});
