import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { holdsOnly } from './fixtures';
import { HostileCase } from './hostileCase';

/**
 * File and reduction names that would reach a shell or climb out of `artifacts/` (issue 12,
 * points 2 and 3). The Nx plugin refuses the same names at load: `nx-plugin/targets.test.ts`.
 */
const PIPELINE = 'data: { source: bundled, sample: 20 }\n';

function pipelineFile(name: string, text = PIPELINE): (dir: string) => string[] {
  return (dir) => {
    mkdirSync(join(dir, 'pipelines'));
    writeFileSync(join(dir, 'pipelines', name), text);
    return ['stage', '--in-process', `pipelines/${name}`, 'data'];
  };
}

const nothingRan = (dir: string) => {
  if (existsSync(join(dir, 'PWNED'))) throw new Error('a command ran');
  return holdsOnly(dir, ['pipelines']);
};

export const nameCases: HostileCase[] = [
  ...['x;touch PWNED;y.yaml', '$(touch PWNED).yaml', 'a b.yaml', '`touch PWNED`.yaml'].map(
    (name): HostileCase => ({
      kind: 'pipeline name',
      name: `pipelines/${name}`,
      setup: pipelineFile(name),
      code: 2,
      message:
        /^pipelines\/.*\.yaml:1:1: ".*" is not a valid pipeline file name \(a pipeline file is named <name>\.yaml, the name made of letters, digits, "-" and "_"/,
      left: nothingRan,
    }),
  ),
  ...['...yaml', '..yaml', '.hidden.yaml'].map((name): HostileCase => ({
    kind: 'path escape',
    name: `pipelines/${name} (name "${name.replace(/\.yaml$/, '')}")`,
    setup: pipelineFile(name),
    code: 2,
    message: /is not a valid pipeline file name/,
    left: (dir) => holdsOnly(dir, ['pipelines']),
  })),
  {
    kind: 'path escape',
    name: 'a reduction named ../../x',
    setup: pipelineFile('p.yaml', `${PIPELINE}reduce:\n  ../../x: { method: pca }\n`),
    code: 2,
    message:
      /^pipelines\/p\.yaml:3:3: reduce: "\.\.\/\.\.\/x" is not a valid name \(use lower-case letters/,
    left: (dir) => holdsOnly(dir, ['pipelines']),
  },
  {
    kind: 'path escape',
    name: 'a reduction named with a shell command',
    setup: pipelineFile('p.yaml', `${PIPELINE}reduce:\n  "a;touch PWNED": { method: pca }\n`),
    code: 2,
    message: /reduce: "a;touch PWNED" is not a valid name/,
    left: nothingRan,
  },
];
