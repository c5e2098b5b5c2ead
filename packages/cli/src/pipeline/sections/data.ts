import { SOURCE_NAMES, field, int, list, matching, obj, oneOf, str } from '@latentlens/data';
import { seedField } from './common';

const baseUrl = matching(
  /^https?:\/\/[^\s/]+(\/\S*)?$/,
  'an http(s) base URL, e.g. https://example.org/mnist/',
);
const mirrorList = list(baseUrl, 1);

/** `data:` — where the images come from (see @latentlens/data). */
export const dataSection = obj({
  source: field(oneOf(...SOURCE_NAMES), 'mnist'),
  fallback: field(
    list(oneOf(...SOURCE_NAMES)),
    [],
    'sources tried in order when `source` is unavailable (offline)',
  ),
  dir: field(str, undefined, 'idx: folder holding the four idx files (.gz or raw)'),
  files: field(
    obj({
      trainImages: field(str),
      trainLabels: field(str),
      testImages: field(str),
      testLabels: field(str),
    }),
    undefined,
    'idx: explicit paths, each one winning over dir',
  ),
  classNames: field(list(str, 1), undefined, 'idx: class names, index = label'),
  mirrors: field(
    obj({ mnist: field(mirrorList), 'fashion-mnist': field(mirrorList) }),
    undefined,
    'mirror base URLs replacing the built-in ones (else $LATENTLENS_<NAME>_MIRRORS)',
  ),
  download: field(
    obj({
      timeoutMs: field(
        int(1, 3_600_000),
        undefined,
        'longest silence before a request is abandoned (default 30000)',
      ),
      retries: field(
        int(0, 10),
        undefined,
        'further attempts per mirror after a timeout, a dropped connection or HTTP 5xx (default 2)',
      ),
      retryDelayMs: field(
        int(0, 600_000),
        undefined,
        'pause before the first retry, doubled after (default 1000)',
      ),
    }),
  ),
  limit: field(int(1), undefined, 'keep the first N images of each split'),
  sample: field(int(1), undefined, 'keep a stratified random N images of each split'),
  seed: seedField,
});
