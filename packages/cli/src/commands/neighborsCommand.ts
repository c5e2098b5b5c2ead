import { KNN_AUTO_RULE, runNeighborsStage } from '@latentlens/reduce';
import { neighborsSection } from '../pipeline/pipelineSchema';
import { checkFlags, need, numberOpt, runStageCommand } from './args';
import { Command, valueOptions } from './command';

export const neighborsCommand: Command = {
  name: 'neighbors',
  summary: "List each image's nearest neighbours in code space (neighbors.arrow)",
  usage:
    'latentlens neighbors --embeddings <embeddings.arrow> --out <dir> [--k 10] [--method auto]',
  options: {
    ...valueOptions({
      embeddings: 'input embeddings.arrow',
      out: 'output folder (neighbors.arrow)',
      k: 'neighbours per image (default 10)',
      method: `auto | exact | approx (default auto: ${KNN_AUTO_RULE})`,
    }),
  },
  async run({ values, out }) {
    const config = checkFlags(
      { k: numberOpt(values, 'k'), method: values.method },
      neighborsSection,
    );
    const args = {
      config,
      embeddingsPath: need(values, 'embeddings'),
      outDir: need(values, 'out'),
    };
    return runStageCommand('neighbors', args.outDir, out, (progress) =>
      runNeighborsStage({ ...args, progress }),
    );
  },
};
