export {
  exactKnn,
  nearestNeighbors,
  nearestNeighborsMethod,
  EXACT_KNN_MAX_ROWS,
  KNN_AUTO_RULE,
} from './core/knn';
export type { NearestNeighborsOptions } from './core/knn';
export { approxKnn } from './core/knnApprox';
export type { ApproxKnnOptions } from './core/knnApprox';
export { pcaEmbed } from './core/pca';
export type { PcaOptions, PcaResult } from './core/pca';
export { tsneEmbed } from './core/tsne/tsne';
export type { TsneOptions, TsneProgress, TsneResult } from './core/tsne/types';
export { tsneExactEmbed } from './core/tsne/exact';
export type { TsneExactOptions } from './core/tsne/exact';
export { umapEmbed } from './core/umap';
export type { UmapInit, UmapOptions, UmapProgress, UmapResult } from './core/umap';
export { kdTreeKnn } from './core/kdTreeKnn';
export { knnLabelAccuracy, trustworthiness } from './core/quality';
export type { TrustworthinessOptions } from './core/quality';
export { seededRandom } from './core/random';
export type { RandomSource } from './core/random';
export { reduce, reduceWith } from './core/reduce';
export type { ReduceConfig, ReduceProgress, Reduction, ReductionMethods } from './core/reduce';
export { tsneEmbedParallel } from './parallel/tsneParallel';
export { umapEmbedParallel } from './parallel/umapParallel';
export { nearestNeighborsParallel } from './parallel/knnParallel';
export { reduceParallel } from './parallel/reduceParallel';
export type { ParallelOptions } from '@latentlens/data';
export { runReduceStage } from './stage/reduceStage';
export type { ReduceStageResult } from './stage/reduceStage';
export { runNeighborsStage } from './stage/neighborsStage';
export type { NeighborsConfig, NeighborsStageResult } from './stage/neighborsStage';
export { METHODS, methodFields, reductionMethod } from './core/methods/registry';
export type {
  DimsRange,
  MethodDeclaration,
  MethodOptions,
  ReductionMethod,
} from './core/methods/types';
