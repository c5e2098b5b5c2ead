import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { holdsOnly } from './fixtures';
import { HostileCase } from './hostileCase';

/**
 * Pipeline YAML that once crashed the validator or misled the user (issue 12, points 4 and 9):
 * JavaScript's built-in names, control characters, aliases and merge keys, numbers that round.
 */
function pipeline(text: string): (dir: string) => string[] {
  return (dir) => {
    mkdirSync(join(dir, 'pipelines'));
    writeFileSync(join(dir, 'pipelines', 'p.yaml'), text);
    return ['validate', 'pipelines/p.yaml'];
  };
}

const untouched = (dir: string) => holdsOnly(dir, ['pipelines']);

const refused = (name: string, text: string, message: RegExp): HostileCase => ({
  kind: 'validator',
  name,
  setup: pipeline(text),
  code: 2,
  message,
  left: untouched,
});

const accepted = (name: string, text: string): HostileCase => ({
  kind: 'validator',
  name,
  setup: pipeline(text),
  code: 0,
  message: /^$/,
  left: untouched,
});

export const validatorCases: HostileCase[] = [
  ...['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'].map((key) =>
    refused(
      `top-level key ${key}`,
      `seed: 1\n${key}: 3\n`,
      new RegExp(`^pipelines/p\\.yaml:2:1: the file: unknown key "${key}" \\(`),
    ),
  ),
  refused(
    'train key toString',
    'train:\n  toString: 1\n',
    /^pipelines\/p\.yaml:2:3: train: unknown key "toString" \(/,
  ),
  ...['constructor', '__proto__', 'isPrototypeOf'].map((method) =>
    refused(
      `method: ${method}`,
      `reduce:\n  a: { method: ${method} }\n`,
      new RegExp(
        `^pipelines/p\\.yaml:2:16: reduce\\.a\\.method: unknown method "${method}" \\(set method to one of`,
      ),
    ),
  ),
  accepted(
    'a reduction named constructor (an ordinary name)',
    'reduce:\n  constructor: { method: pca }\n',
  ),
  refused(
    'an escape sequence in a value',
    'train:\n  optimizer: "ad\\e[2J\\e[31mam"\n',
    /^pipelines\/p\.yaml:2:14: train\.optimizer: unknown value "ad\\u001b\[2J\\u001b\[31mam" \(/,
  ),
  refused(
    'a newline and a bell in a key',
    '"a\\nb\\a": 1\n',
    /^pipelines\/p\.yaml:1:1: the file: unknown key "a\\nb\\u0007" \(/,
  ),
  accepted(
    'an alias for a whole reduction',
    'reduce:\n  tsne: &t { method: tsne, perplexity: 30 }\n  again: *t\n',
  ),
  accepted(
    'a merge key that overrides one parameter',
    'reduce:\n  tsne: &t { method: tsne, perplexity: 30 }\n  p50: { <<: *t, perplexity: 50 }\n',
  ),
  refused(
    'a merge key whose own value is out of range',
    'reduce:\n  tsne: &t { method: tsne, perplexity: 30 }\n  p0: { <<: *t, perplexity: 0 }\n',
    /^pipelines\/p\.yaml:3:29: reduce\.p0\.perplexity: 0 is out of range \(use a number from 1 to 200\)$/,
  ),
  refused(
    'a merge of something that is not a mapping',
    'reduce:\n  a: { <<: 3, method: pca }\n',
    /^pipelines\/p\.yaml:2:12: reduce\.a: "<<" merges mappings only \(/,
  ),
  refused(
    'a repeated key',
    'seed: 1\nseed: 2\n',
    /^pipelines\/p\.yaml:2:1: the file: "seed" is given twice \(keep one of the two, or rename one\)$/,
  ),
  refused(
    'learningRate: 1e-400 (reads as 0)',
    'train:\n  learningRate: 1e-400\n',
    /^pipelines\/p\.yaml:2:17: train\.learningRate: 1e-400 is too small to represent \(it reads as 0\) \(use a number greater than 0 and at most 10\)$/,
  ),
  refused(
    'perplexity: 1e400 (reads as Infinity)',
    'reduce:\n  a: { method: tsne, perplexity: 1e400 }\n',
    /^pipelines\/p\.yaml:2:34: reduce\.a\.perplexity: expected a number from 1 to 200, found Infinity \(/,
  ),
];
