import { field, int, list, obj, oneOf } from '../options/schema';
import { SOURCE_NAMES, SOURCE_OPTIONS } from './registry';

/**
 * `data:` of a pipeline, as a schema: which source, the keys of every source of the registry,
 * and what the data stage does after loading (limit, sample, seed).
 */
const DATA_FIELDS = {
  source: field(oneOf(...SOURCE_NAMES), 'mnist'),
  fallback: field(
    list(oneOf(...SOURCE_NAMES)),
    [],
    'sources tried in order when `source` is unavailable (offline)',
  ),
  ...SOURCE_OPTIONS,
  limit: field(int(1), undefined, 'keep the first N images of each split'),
  sample: field(int(1), undefined, 'keep a stratified random N images of each split'),
  seed: field(int(0, 2 ** 32 - 1), undefined, 'seed of splits and samples'),
};
export const dataSection = obj(DATA_FIELDS);
