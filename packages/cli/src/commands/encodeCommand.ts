import { runEncodeStage } from '@latentlens/model';
import { encodeSection } from '../pipeline/pipelineSchema';
import { checkFlags, need, numberOpt, runStageCommand } from './args';
import { Command, valueOptions } from './command';

export const encodeCommand: Command = {
  name: 'encode',
  summary: 'Encode images of a dataset.arrow into embeddings.arrow with a trained model',
  usage:
    'latentlens encode --dataset <dataset.arrow> --model <model dir> --out <dir> [--splits test]',
  options: {
    ...valueOptions({
      dataset: 'input dataset.arrow',
      model: 'model folder written by train',
      out: 'output folder (embeddings.arrow)',
      splits: 'comma-separated splits to encode (default test)',
      backend: 'auto | tensorflow | wasm | cpu (default auto)',
      workers: "threads: a number or 'auto' (codes do not depend on it)",
    }),
  },
  async run({ values, out }) {
    const flags = {
      splits: typeof values.splits === 'string' ? values.splits.split(',') : undefined,
      backend: values.backend,
      workers: values.workers === 'auto' ? 'auto' : numberOpt(values, 'workers'),
    };
    const args = {
      config: checkFlags(flags, encodeSection),
      datasetPath: need(values, 'dataset'),
      modelDir: need(values, 'model'),
      outDir: need(values, 'out'),
    };
    return runStageCommand('encode', args.outDir, out, (progress) =>
      runEncodeStage({ ...args, progress }),
    );
  },
};
