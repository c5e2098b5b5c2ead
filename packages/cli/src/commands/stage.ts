import { StageId, stageIds } from '../pipeline/stages';
import { loadPipeline } from '../pipeline/load';
import { Command, UsageError } from './command';
import { runStageInProcess, runStages } from './runStages';

export const stageCommand: Command = {
  name: 'stage',
  summary: 'Run one stage of a pipeline (what each Nx target calls)',
  usage: 'latentlens stage <pipeline.yaml> <data|train|encode|reduce.<name>|export>',
  options: {
    'in-process': {
      type: 'boolean',
      description: 'run in this process (Ctrl-C then waits for the work to yield)',
    },
  },
  async run({ values, positionals, out }) {
    const [file, stage] = positionals;
    if (!file || !stage) throw new UsageError('give a pipeline file and a stage');
    const pipeline = loadPipeline(file);
    const known = stageIds(pipeline.config);
    if (!known.includes(stage as StageId)) {
      throw new UsageError(`${file}: no stage "${stage}" (stages: ${known.join(', ')})`);
    }
    if (values['in-process']) {
      await runStageInProcess(pipeline, stage as StageId, out);
      return 0;
    }
    return runStages(pipeline, [stage as StageId]);
  },
};

export const runCommand: Command = {
  name: 'run',
  summary: 'Run every stage of a pipeline in order, without Nx and without caching',
  usage: 'latentlens run <pipeline.yaml>',
  options: {},
  async run({ positionals }) {
    if (positionals.length !== 1) throw new UsageError('give one pipeline file');
    const pipeline = loadPipeline(positionals[0]);
    return runStages(pipeline, stageIds(pipeline.config));
  },
};
