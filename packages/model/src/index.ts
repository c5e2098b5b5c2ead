export { selectBackend } from './core/backend';
export type { BackendName, BackendPreference } from './core/backend';
export {
  cloneConfig,
  defaultAutoencoderConfig,
  imageShapeOf,
  validateAutoencoderConfig,
} from './core/config';
export type {
  Activation,
  AutoencoderConfig,
  EarlyStopping,
  Loss,
  ModelKind,
  OptimizerName,
} from './core/config';
export { parameterSpecs } from './core/architectures';
export { resumeMismatches, trainAutoencoder } from './core/train';
export type { TrainOptions } from './core/train';
export { inProcessRunner } from './core/epochRunner';
export type { EpochRunner, RunnerFactory, RunnerSetup } from './core/epochRunner';
export { holdoutSplit } from './core/holdout';
export { shouldStopEarly } from './core/earlyStopping';
export { optimizerHyperparameters } from './core/optimizer';
export type {
  AutoencoderModel,
  EpochRecord,
  NamedArray,
  TrainingResult,
  TrainingState,
} from './core/state';
export { reconstructImages } from './core/reconstruct';
export { encodeImages } from './core/encode';
export type { EncodeResult } from './core/encode';
export {
  fromLayersModelArtifacts,
  toLayersModelArtifacts,
  weightsFileName,
} from './core/layersModel';
export type { LayersModelArtifacts, LayersModelJson } from './core/layersModel';
export { deserializeTrainingState, serializeTrainingState } from './core/serialize';
export { parallelRunner } from './parallel/parallelRunner';
export { encodeInParallel } from './parallel/parallelEncode';
export { runTrainStage, resolveTrainConfig, MODEL_FILES, TRAIN_FILES } from './stage/trainStage';
export type { TrainStageConfig, TrainStageResult } from './stage/trainStage';
export { CHECKPOINT_FILES } from './stage/checkpoint';
export type { ResumeMode } from './stage/checkpoint';
export { runEncodeStage, parallelEncodeThreshold } from './stage/encodeStage';
export type { EncodeStageConfig, EncodeStageResult } from './stage/encodeStage';
