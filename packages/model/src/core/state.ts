import type { AutoencoderConfig } from './config';

/** One parameter's values, row-major, with the name and shape it has in model.json. */
export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean per-sample loss over the epoch (see `trainAutoencoder`). */
  loss: number;
  /** The same measure on the held-out images after the epoch; NaN without validation. */
  validationLoss: number;
  /** Wall time of the epoch. */
  seconds: number;
}

/** What encoding needs: the network and the image subtracted from every input. */
export interface AutoencoderModel {
  config: AutoencoderConfig;
  /** In `parameterSpecs(config)` order. */
  params: NamedArray[];
  /** Subtracted from pixels/255 before the network; all zeros when `config.center` is 'none'. */
  mean: Float32Array;
}

/** Everything needed to continue training exactly where it stopped. */
export interface TrainingState extends AutoencoderModel {
  /** Epochs completed. */
  epoch: number;
  /** Adam steps taken (batches trained). */
  step: number;
  /**
   * The optimizer's state, one array per parameter, aligned with `params`: Adam's two moments;
   * RMSprop's mean square in `secondMoment`; zeros where the optimizer keeps nothing.
   */
  firstMoment: Float32Array[];
  secondMoment: Float32Array[];
  /** Mulberry32 state after the last completed epoch's shuffle. */
  rngState: number;
  history: EpochRecord[];
}

export interface TrainingResult {
  state: TrainingState;
  history: EpochRecord[];
}
