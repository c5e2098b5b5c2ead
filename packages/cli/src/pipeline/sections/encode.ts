import { Rule, field, list, obj, oneOf } from '../schema';

/** `encode:` — which images get a code (the seed embeds the test split). */
export const encodeSection: Rule = obj({
  splits: field(list(oneOf('train', 'test'), 1, 2), ['test']),
});
