export { selectBackend } from './core/backend';
export type { BackendName, BackendPreference } from './core/backend';
export { defaultAutoencoderConfig, validateAutoencoderConfig } from './core/config';
export type { Activation, AutoencoderConfig } from './core/config';
export { trainAutoencoder } from './core/train';
export type { TrainOptions } from './core/train';
export type {
  AutoencoderModel,
  EpochRecord,
  NamedArray,
  TrainingResult,
  TrainingState,
} from './core/state';
export { encodeImages } from './core/encode';
export type { EncodeResult } from './core/encode';
export { fromLayersModelArtifacts, toLayersModelArtifacts, weightsFileName } from './core/layersModel';
export type { LayersModelArtifacts, LayersModelJson } from './core/layersModel';
export { deserializeTrainingState, serializeTrainingState } from './core/serialize';
export { runTrainStage, MODEL_FILES } from './stage/trainStage';
export type { TrainStageConfig, TrainStageResult } from './stage/trainStage';
export { runEncodeStage } from './stage/encodeStage';
export type { EncodeStageConfig, EncodeStageResult } from './stage/encodeStage';
