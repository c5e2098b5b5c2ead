import type { DataConfig } from '@latentlens/data';
import type { EncodeStageConfig, TrainStageConfig } from '@latentlens/model';

/** The validated pipeline: every section present, defaults filled in. */
export interface PipelineConfig {
  seed: number;
  data: DataConfig;
  train: TrainStageConfig;
  encode: EncodeStageConfig;
  neighbors: { k: number; method: 'auto' | 'exact' | 'approx' };
  reduce: Record<string, ReduceSection>;
  export: { invertSprite: boolean; rawPixels: boolean; figures: boolean; projectorBaseUrl: string };
}

export type ReduceSection = {
  method: string;
  dims?: number;
  seed?: number;
  [param: string]: unknown;
};

/** A stage of a pipeline, as the Nx targets and the CLI name it. */
export type StageId = 'data' | 'train' | 'encode' | 'neighbors' | `reduce.${string}` | 'export';

export function stageIds(config: Pick<PipelineConfig, 'reduce'>): StageId[] {
  return [
    'data',
    'train',
    'encode',
    'neighbors',
    ...Object.keys(config.reduce).map((r) => `reduce.${r}` as StageId),
    'export',
  ];
}
