export { METADATA_KEYS, decodeStageMetadata, encodeStageMetadata } from './contracts/metadata';
export type { InputRecord, StageMetadata } from './contracts/metadata';
export { SPLIT_NAMES, SPLIT_CODE } from './contracts/columns';
export type { SplitName } from './contracts/columns';
export {
  CHANNELS,
  datasetMetadata,
  datasetToTable,
  hasImages,
  tableToDataset,
  valuesPerImage,
} from './contracts/dataset';
export type { Dataset } from './contracts/dataset';
export {
  checkMetadataColumns,
  metadataText,
  readMetadataColumns,
} from './contracts/metadataColumns';
export type { MetadataColumn } from './contracts/metadataColumns';
export { historyToTable, tableToHistory } from './contracts/history';
export type { TrainingHistory } from './contracts/history';
export { embeddingsToTable, tableToEmbeddings } from './contracts/embeddings';
export type { Embeddings } from './contracts/embeddings';
export { neighborsToTable, tableToNeighbors } from './contracts/neighbors';
export type { NeighborList } from './contracts/neighbors';
export { PROJECTION_INFO_KEY, projectionToTable, tableToProjection } from './contracts/projection';
export type { Projection, ProjectionInfo } from './contracts/projection';
export {
  IdxChunkParser,
  checkIdxDataSize,
  checkImagesAndLabels,
  encodeIdx,
  idxDataSize,
  imageGeometry,
  labelCount,
  parseIdx,
  readIdxHeader,
} from './core/idx';
export type { IdxArray, IdxHeader } from './core/idx';
export { seededRandom, shuffleInPlace } from './core/random';
export { limitPerSplit, stratifiedSplit, stratifiedSubset, takeRows } from './core/select';
export { readArrowFile, readArrowInput, writeArrowFile } from './io/arrowFile';
export type { ArrowInput } from './io/arrowFile';
export {
  makeDirs,
  removeStaleTemporaries,
  replaceDirAtomic,
  sha256Hex,
  writeFileAtomic,
} from './io/atomic';
export { claimOutputDir, ownsNames } from './io/outputDir';
export type { OutputClaim } from './io/outputDir';
export { isProcessAlive } from './io/processAlive';
export { RefusedInput } from './io/refusedInput';
export { silentProgress } from './io/progress';
export type { Progress } from './io/progress';
export { FASHION_MNIST, FILE_ROLES, MNIST } from './sources/catalog';
export type { FileRole, NamedDataset, RemoteFile } from './sources/catalog';
export { DOWNLOAD_DEFAULTS, STALE_DOWNLOAD_HOURS, fetchVerified } from './sources/download';
export type { DownloadOptions, VerifiedFile } from './sources/download';
export { mirrorsEnvVar, resolveMirrors } from './sources/mirrors';
export { BUNDLED_TEST_FRACTION } from './sources/bundled';
export {
  IMAGES_OPTIONS,
  IMAGE_CONCURRENCY,
  IMAGE_DEFAULTS,
  IMAGE_EXTENSIONS,
  IMAGE_THREADS,
  loadImages,
} from './sources/images';
export { IMAGE_PIXEL_LIMIT, SHARED_PIXEL_LIMIT } from './sources/imageDecode';
export { TABLE_OPTIONS, loadTable } from './sources/table';
export type { TableSourceOptions } from './sources/table';
export { SOURCES, SOURCE_NAMES, loadSource, sourceDefinition } from './sources';
export type {
  ChosenSource,
  DownloadableSource,
  SourceDefinition,
  SourceName,
  SourceSpec,
} from './sources';
export { dataSection } from './sources/dataSection';
export { SourceUnavailableError } from './sources/types';
export {
  DATASET_FILE,
  EMBEDDINGS_FILE,
  countPerSplit,
  defaultCacheDir,
  loadDataset,
  runDataStage,
} from './stage/dataStage';
export type { DataConfig, DataStageResult, LoadedDataset } from './stage/dataStage';
export {
  acceptsValue,
  anyOf,
  bool,
  describeRule,
  field,
  inRange,
  int,
  list,
  map,
  matching,
  num,
  obj,
  oneOf,
  orAuto,
  rangeText,
  required,
  seedRule,
  str,
  variant,
} from './options/schema';
export type { Field, Infer, ObjectOf, Rule, RuleShape } from './options/schema';
export { startWorker, typescriptBootstrap } from './parallel/bootstrap';
export { WorkerPool, withPool } from './parallel/pool';
export { answerRequests } from './parallel/answer';
export type { ReplyEnvelope, RequestEnvelope } from './parallel/protocol';
export { Barrier } from './parallel/barrier';
export { Team } from './parallel/team';
export type { TaskHandler } from './parallel/team';
export { SharedArena, sharedCopy } from './parallel/shared';
export type { ArrayAllocator, SharedTypedArray } from './parallel/shared';
export { SMALL_INPUT_ROWS, resolveThreads } from './parallel/threads';
export type { ParallelOptions, ThreadDefaults } from './parallel/threads';
