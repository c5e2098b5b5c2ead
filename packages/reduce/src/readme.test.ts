import { join } from 'node:path';
import { readmeExamples, runExample } from '../../../tools/readmeExamples';

describe('README examples', () => {
  it.each(readmeExamples(join(__dirname, '..', 'README.md')).map((code, i) => [i + 1, code]))(
    'example %i runs',
    async (_i, code) => {
      await runExample(code as string, require);
    },
  );
});
