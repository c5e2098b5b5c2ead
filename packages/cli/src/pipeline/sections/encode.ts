import { Rule, field, int, list, obj, oneOf } from '../schema';

/** `encode:` — which images get a code (the seed embeds the test split). */
export const encodeSection: Rule = obj({
  splits: field(list(oneOf('train', 'test'), 1, 2), ['test']),
  // Absent means auto for both; neither changes a single number of the output.
  backend: field(oneOf('auto', 'tensorflow', 'wasm', 'cpu'), undefined, 'default auto'),
  workers: field(
    {
      kind: 'union',
      options: [oneOf('auto'), int(1, 64)],
      describe: '"auto" or a whole number from 1 to 64',
    },
    undefined,
    'threads (default auto: two for 20,000 images or more on a machine with two cores)',
  ),
});
