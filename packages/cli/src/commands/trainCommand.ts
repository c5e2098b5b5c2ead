import { runTrainStage } from '@latentlens/model';
import { need, numberOpt, timed } from './args';
import { Command } from './command';

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train the autoencoder on the train split of a dataset.arrow',
  usage: 'latentlens train --dataset <dataset.arrow> --out <dir> [options]',
  options: {
    dataset: { type: 'string', description: 'input dataset.arrow' },
    out: { type: 'string', description: 'output folder (model/, history.arrow)' },
    epochs: { type: 'string', description: 'epochs (default 30)' },
    'batch-size': { type: 'string', description: 'batch size (default 50)' },
    'learning-rate': { type: 'string', description: 'Adam learning rate (default 0.001)' },
    backend: { type: 'string', description: 'auto | tensorflow | wasm | cpu (default auto)' },
    seed: { type: 'string', description: 'seed (default 0)' },
  },
  async run({ values, out }) {
    const config = {
      epochs: numberOpt(values, 'epochs'),
      batchSize: numberOpt(values, 'batch-size'),
      learningRate: numberOpt(values, 'learning-rate'),
      backend: values.backend as 'auto' | undefined,
      seed: numberOpt(values, 'seed'),
    };
    const datasetPath = need(values, 'dataset');
    const outDir = need(values, 'out');
    return timed(
      'train',
      out,
      (progress) => runTrainStage({ config, datasetPath, outDir, progress }),
      (r) =>
        `${outDir} (backend ${r.backend}, ${r.epochs} epochs, final loss ${r.finalLoss.toPrecision(4)})`,
    );
  },
};
