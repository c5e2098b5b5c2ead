import { runTrainStage } from '@latentlens/model';
import { trainSection } from '../pipeline/pipelineSchema';
import { checkFlags, need, numberOpt, runStageCommand } from './args';
import { Command, valueOptions, UsageError } from './command';

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train the autoencoder on the train split of a dataset.arrow',
  usage: 'latentlens train --dataset <dataset.arrow> --out <dir> [options]',
  options: {
    ...valueOptions({
      dataset: 'input dataset.arrow',
      out: 'output folder (model/, history.arrow)',
      dims: 'layer widths from the pixels to the code, e.g. 784,256,64 (default <pixels>,256,64)',
      epochs: 'epochs (default 30)',
      'batch-size': 'batch size (default 50)',
      'learning-rate': 'Adam learning rate (default 0.001)',
      backend: 'auto | tensorflow | wasm | cpu (default auto)',
      seed: 'seed (default 1)',
      kind: 'dense | conv (default dense)',
      loss: 'sse | mse | bce (default sse)',
      optimizer: 'adam | sgd | rmsprop (default adam)',
      validation: 'fraction of the train split held out (default 0)',
      patience: 'early stopping: epochs without improvement (needs --validation)',
      'min-delta': 'early stopping: smallest improvement that counts (default 0)',
      workers: 'training threads; results depend on it (default 2)',
    }),
    resume: {
      type: 'boolean',
      description: 'continue from the checkpoint in --out (fail if there is none)',
    },
    fresh: { type: 'boolean', description: 'ignore any checkpoint in --out and start over' },
  },
  async run({ values, out }) {
    if (values.resume && values.fresh)
      throw new UsageError('--resume and --fresh exclude each other');
    const patience = numberOpt(values, 'patience');
    const flags = {
      dims: typeof values.dims === 'string' ? values.dims.split(',').map(Number) : undefined,
      epochs: numberOpt(values, 'epochs'),
      batchSize: numberOpt(values, 'batch-size'),
      learningRate: numberOpt(values, 'learning-rate'),
      backend: values.backend,
      seed: numberOpt(values, 'seed'),
      kind: values.kind,
      loss: values.loss,
      optimizer: values.optimizer,
      validation: numberOpt(values, 'validation'),
      workers: numberOpt(values, 'workers'),
      earlyStopping:
        patience === undefined
          ? undefined
          : { patience, minDelta: numberOpt(values, 'min-delta') ?? 0 },
    };
    const config = checkFlags(flags, trainSection);
    const resume = values.resume ? 'always' : values.fresh ? 'never' : 'auto';
    const datasetPath = need(values, 'dataset');
    const outDir = need(values, 'out');
    return runStageCommand('train', outDir, out, (progress) =>
      runTrainStage({ config, datasetPath, outDir, progress, resume }),
    );
  },
};
