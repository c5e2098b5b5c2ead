export { main } from './main';
export { PipelineError, loadPipeline, parsePipeline } from './pipeline/load';
export type { LoadedPipeline } from './pipeline/load';
export { stageIds } from './pipeline/config';
export type { PipelineConfig, StageId } from './pipeline/config';
export { createNodesV2 } from './nx-plugin';
