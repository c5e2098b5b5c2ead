import { loadPipeline } from '../pipeline/load';
import { stageIds } from '../pipeline/stages';
import { Command, UsageError } from './command';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check pipeline files against the schema, without running anything',
  usage: 'latentlens validate <pipeline.yaml>...',
  options: {},
  async run({ positionals, out }) {
    if (!positionals.length) throw new UsageError('give at least one pipeline file');
    for (const file of positionals) {
      const p = loadPipeline(file);
      out(`${file}: valid pipeline "${p.name}" with stages ${stageIds(p.config).join(', ')}`);
    }
    return 0;
  },
};
