export { main } from './main';
export { PipelineError, loadPipeline, parsePipeline } from './pipeline/load';
export type { LoadedPipeline } from './pipeline/load';
export { stageIds } from './pipeline/stages';
export type { StageId } from './pipeline/stages';
export type { PipelineConfig } from './pipeline/config';
export { createNodesV2 } from './nx-plugin';
