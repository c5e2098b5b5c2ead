import { exampleProgram, readmeApiNames, readmeExample } from './test-helpers/readmeApi';

const README = `# pkg

## Example

\`\`\`ts
import { a } from 'pkg';

const x = await a();
console.log(x);
\`\`\`

## API

- \`fit(data, n, options?)\`: options \`perplexity\` (25), \`theta\` (0.5); writes \`model.json\`.
- \`train(x)\` → \`{ state, history }\`; options \`onEpoch\`,
  \`onBatch\`. \`defaults\`, \`validate\`.
- Files: \`readFile\`, \`writeFile\` (atomic); types \`Dataset\`, \`Progress\`.
- \`MAX_SIDE\` (8192), \`createNodes\` (also at \`pkg/plugin\`): the plugin.

## Other

- \`notApi\`
`;

describe('README parsing for the package checks', () => {
  it('takes the names an API list promises, not options, files or prose', () => {
    expect(readmeApiNames(README)).toEqual(
      [
        'Dataset',
        'MAX_SIDE',
        'Progress',
        'createNodes',
        'defaults',
        'fit',
        'readFile',
        'train',
        'validate',
        'writeFile',
      ].sort(),
    );
  });

  it('turns the example into CommonJS-compatible TypeScript: imports on top, the rest awaited', () => {
    const program = exampleProgram(readmeExample(README));
    expect(program.startsWith("import { a } from 'pkg';\n")).toBe(true);
    expect(program).toMatch(
      /async function example\(\): Promise<void> \{\s+const x = await a\(\);\s+console\.log\(x\);\s+\}/,
    );
    expect(program).toMatch(/example\(\)\.catch\(/);
  });
});
