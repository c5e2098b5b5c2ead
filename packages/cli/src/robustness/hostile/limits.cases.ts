import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts } from './fixtures';
import { HostileCase } from './hostileCase';

/**
 * Flags beyond the schema's ranges (issue 12, point 7): every flag goes through the same checks as
 * its YAML key, before anything is read or written.
 */
const flag = (
  name: string,
  args: (dir: string) => string[] | Promise<string[]>,
  message: RegExp,
): HostileCase => ({
  kind: 'flag limits',
  name,
  setup: args,
  code: 2,
  message,
  left: (dir) => {
    if (existsSync(join(dir, 'new'))) throw new Error('the output folder was created');
    return 'no output folder';
  },
});

const withArtifacts =
  (make: (paths: Awaited<ReturnType<typeof artifacts>>) => string[]) => async (dir: string) =>
    make(await artifacts(dir));

const data = (...extra: string[]) =>
  withArtifacts(() => ['data', '--source', 'bundled', '--out', 'new', ...extra]);

export const limitCases: HostileCase[] = [
  flag(
    'data --retries 1000',
    data('--retries', '1000'),
    /^latentlens data: --retries: 1000 is out of range \(use a whole number from 0 to 10\) \(see latentlens data --help\)$/,
  ),
  flag(
    'data --timeout-ms 0',
    data('--timeout-ms', '0'),
    /^latentlens data: --timeout-ms: 0 is out of range \(use a whole number from 1 to 3600000\)/,
  ),
  flag(
    'data --sample 0',
    data('--sample', '0'),
    /^latentlens data: --sample: 0 is out of range \(use a whole number of at least 1\)/,
  ),
  flag(
    'data --seed 1e20',
    data('--seed', '1e20'),
    /^latentlens data: --seed: 100000000000000000000 is out of range \(use a whole number from 0 to 4294967295\)/,
  ),
  flag(
    'data --source nonsense',
    data('--source', 'mnits'),
    /^latentlens data: --source: unknown value "mnits" \(did you mean "mnist"\?/,
  ),
  flag(
    'train --epochs 0',
    withArtifacts((p) => ['train', '--dataset', p.datasetPath, '--epochs', '0', '--out', 'new']),
    /^latentlens train: --epochs: 0 is out of range \(use a whole number from 1 to 100000\)/,
  ),
  flag(
    'train --learning-rate 1e9',
    withArtifacts((p) => [
      'train',
      '--dataset',
      p.datasetPath,
      '--learning-rate',
      '1e9',
      '--out',
      'new',
    ]),
    /^latentlens train: --learning-rate: 1000000000 is out of range \(use a number greater than 0 and at most 10\)/,
  ),
  flag(
    'train --seed -1',
    withArtifacts((p) => ['train', '--dataset', p.datasetPath, '--seed=-1', '--out', 'new']),
    /^latentlens train: --seed: -1 is out of range/,
  ),
  flag(
    'train --batch-size 2.5',
    withArtifacts((p) => [
      'train',
      '--dataset',
      p.datasetPath,
      '--batch-size',
      '2.5',
      '--out',
      'new',
    ]),
    /^latentlens train: --batch-size: 2\.5 is not a whole number/,
  ),
  flag(
    'encode --splits bogus',
    withArtifacts((p) => [
      'encode',
      '--dataset',
      p.datasetPath,
      '--model',
      'm',
      '--splits',
      'bogus',
      '--out',
      'new',
    ]),
    /^latentlens encode: --splits: unknown value "bogus" \(use one of "train", "test"\)/,
  ),
  flag(
    'reduce --param iterations=1e9',
    withArtifacts((p) => [
      'reduce',
      '--embeddings',
      p.embeddingsPath,
      '--method',
      'tsne',
      '--param',
      'iterations=1e9',
      '--out',
      'new',
    ]),
    /^latentlens reduce: --param iterations: 1000000000 is out of range \(use a whole number from 50 to 100000\)/,
  ),
  flag(
    'reduce --param perplexity=lots',
    withArtifacts((p) => [
      'reduce',
      '--embeddings',
      p.embeddingsPath,
      '--method',
      'tsne',
      '--param',
      'perplexity=lots',
      '--out',
      'new',
    ]),
    /^latentlens reduce: --param perplexity: expected a number from 1 to 200, found "lots"/,
  ),
  flag(
    'reduce --param nonsense=1',
    withArtifacts((p) => [
      'reduce',
      '--embeddings',
      p.embeddingsPath,
      '--method',
      'pca',
      '--param',
      'nonsense=1',
      '--out',
      'new',
    ]),
    /^latentlens reduce: --param nonsense: unknown key "nonsense" \(remove it; allowed keys: method, dims\)/,
  ),
  flag(
    'reduce --method isomap',
    withArtifacts((p) => [
      'reduce',
      '--embeddings',
      p.embeddingsPath,
      '--method',
      'isomap',
      '--out',
      'new',
    ]),
    /^latentlens reduce: --method: unknown method "isomap" \(set method to one of/,
  ),
  flag(
    'neighbors --k 0',
    withArtifacts((p) => [
      'neighbors',
      '--embeddings',
      p.embeddingsPath,
      '--k',
      '0',
      '--out',
      'new',
    ]),
    /^latentlens neighbors: --k: 0 is out of range \(use a whole number from 1 to 100\)/,
  ),
  flag(
    'export --projector-base-url ftp://x',
    withArtifacts((p) => [
      'export',
      '--dataset',
      p.datasetPath,
      '--embeddings',
      p.embeddingsPath,
      '--neighbors',
      p.neighborsPath,
      '--projector-base-url',
      'ftp://x',
      '--out',
      'new',
    ]),
    /^latentlens export: --projector-base-url: "ftp:\/\/x" is not valid/,
  ),
];
