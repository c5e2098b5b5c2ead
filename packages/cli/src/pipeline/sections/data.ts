import { Rule, field, int, list, obj, oneOf, str } from '../schema';
import { seedField } from './common';

export const DATA_SOURCES = ['mnist', 'fashion-mnist', 'idx', 'bundled'];

/** `data:` — where the images come from (see @latentlens/data). */
export const dataSection: Rule = obj({
  source: field(oneOf(...DATA_SOURCES), 'mnist'),
  fallback: field(list(oneOf(...DATA_SOURCES)), []),
  dir: field(str),
  files: field(
    obj({ trainImages: field(str), trainLabels: field(str), testImages: field(str), testLabels: field(str) }),
  ),
  classNames: field(list(str, 1)),
  limit: field(int(1)),
  sample: field(int(1)),
  seed: seedField,
});
