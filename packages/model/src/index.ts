export { selectBackend } from './core/backend';
export type { BackendName, BackendPreference } from './core/backend';
export { defaultAutoencoderConfig, validateAutoencoderConfig } from './core/config';
export type {
  Activation,
  AutoencoderConfig,
  EarlyStopping,
  Loss,
  ModelKind,
  OptimizerName,
} from './core/config';
export { trainAutoencoder } from './core/train';
export type { TrainOptions } from './core/train';
export type { EpochRunner, RunnerFactory, RunnerSetup } from './core/epochRunner';
export type {
  AutoencoderModel,
  EpochRecord,
  NamedArray,
  TrainingResult,
  TrainingState,
} from './core/state';
export { encodeImages } from './core/encode';
export type { EncodeResult } from './core/encode';
export { reconstructImages } from './core/reconstruct';
export { fromLayersModelArtifacts, toLayersModelArtifacts } from './core/layersModel';
export type { LayersModelArtifacts, LayersModelJson } from './core/layersModel';
export { deserializeTrainingState, serializeTrainingState } from './core/serialize';
export { parallelRunner } from './parallel/parallelRunner';
export { encodeInParallel } from './parallel/parallelEncode';
export { runTrainStage, MODEL_FILES, TRAIN_FILES } from './stage/trainStage';
export type { TrainStageConfig, TrainStageResult } from './stage/trainStage';
export { CHECKPOINT_FILES } from './stage/checkpoint';
export type { ResumeMode } from './stage/checkpoint';
export { runEncodeStage, RECONSTRUCTIONS_PER_CLASS } from './stage/encodeStage';
export type { EncodeStageConfig, EncodeStageResult } from './stage/encodeStage';
