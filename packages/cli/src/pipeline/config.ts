import type { DataConfig } from '@latentlens/data';
import type { ExportConfig } from '@latentlens/export';
import type { EncodeStageConfig, TrainStageConfig } from '@latentlens/model';
import type { NeighborsConfig, ReduceConfig } from '@latentlens/reduce';
import type { PipelineConfig } from './pipelineSchema';

export type { PipelineConfig } from './pipelineSchema';

/** One entry under `reduce:`, as validated. */
export type ReduceSection = PipelineConfig['reduce'][string];

/**
 * The schema's types (inferred from it) are what each stage adapter takes: a schema that drifts
 * from a stage's config type fails to compile here.
 */
type Accepts<Wanted, Given extends Wanted> = Given;
export type SectionsFitTheStages = [
  Accepts<DataConfig, PipelineConfig['data']>,
  Accepts<TrainStageConfig, PipelineConfig['train']>,
  Accepts<EncodeStageConfig, PipelineConfig['encode']>,
  Accepts<NeighborsConfig, PipelineConfig['neighbors']>,
  Accepts<ReduceConfig, ReduceSection>,
  Accepts<ExportConfig, PipelineConfig['export']>,
];
