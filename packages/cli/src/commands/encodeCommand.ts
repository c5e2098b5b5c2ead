import { EncodeStageConfig, runEncodeStage } from '@latentlens/model';
import { encodeSection } from '../pipeline/sections/encode';
import { checkFlags, need, numberOpt, timed } from './args';
import { Command } from './command';

export const encodeCommand: Command = {
  name: 'encode',
  summary: 'Encode images of a dataset.arrow into embeddings.arrow with a trained model',
  usage:
    'latentlens encode --dataset <dataset.arrow> --model <model dir> --out <dir> [--splits test]',
  options: {
    dataset: { type: 'string', description: 'input dataset.arrow' },
    model: { type: 'string', description: 'model folder written by train' },
    out: { type: 'string', description: 'output folder (embeddings.arrow)' },
    splits: { type: 'string', description: 'comma-separated splits to encode (default test)' },
    backend: { type: 'string', description: 'auto | tensorflow | wasm | cpu (default auto)' },
    workers: {
      type: 'string',
      description: "threads: a number or 'auto' (codes do not depend on it)",
    },
  },
  async run({ values, out }) {
    const splits = (typeof values.splits === 'string' ? values.splits.split(',') : ['test']) as (
      'train' | 'test'
    )[];
    const args = {
      config: {
        splits,
        backend: values.backend as EncodeStageConfig['backend'],
        workers: values.workers === 'auto' ? ('auto' as const) : numberOpt(values, 'workers'),
      },
      datasetPath: need(values, 'dataset'),
      modelDir: need(values, 'model'),
      outDir: need(values, 'out'),
    };
    checkFlags(args.config, encodeSection);
    return timed(
      'encode',
      args.outDir,
      out,
      (progress) => runEncodeStage({ ...args, progress }),
      (r) =>
        `${args.outDir}/embeddings.arrow + reconstructions.arrow (${r.rows} × ${r.dim}, ${r.workers} thread(s))`,
    );
  },
};
