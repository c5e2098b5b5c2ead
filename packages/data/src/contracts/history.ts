import { Table } from 'apache-arrow';
import { float32Column, int32Column, readPrimitive } from './columns';
import { StageMetadata, encodeStageMetadata } from './metadata';
import { tableFromColumns } from './table';

/**
 * `history.arrow`: one row per training epoch.
 * epoch: Int32 (1-based), trainLoss: Float32, validationLoss: Float32 (null-free; NaN when no
 * validation split), seconds: Float32 (wall time of the epoch).
 */
export interface TrainingHistory {
  epoch: Int32Array;
  trainLoss: Float32Array;
  validationLoss: Float32Array;
  seconds: Float32Array;
}

export function historyToTable(h: TrainingHistory, meta: StageMetadata, extra: Record<string, string> = {}): Table {
  return tableFromColumns(
    [
      { name: 'epoch', data: int32Column(h.epoch) },
      { name: 'trainLoss', data: float32Column(h.trainLoss) },
      { name: 'validationLoss', data: float32Column(h.validationLoss) },
      { name: 'seconds', data: float32Column(h.seconds) },
    ],
    encodeStageMetadata(meta, extra),
  );
}

export function tableToHistory(table: Table, file = 'history.arrow'): TrainingHistory {
  return {
    epoch: readPrimitive(table, 'epoch', Int32Array, file),
    trainLoss: readPrimitive(table, 'trainLoss', Float32Array, file),
    validationLoss: readPrimitive(table, 'validationLoss', Float32Array, file),
    seconds: readPrimitive(table, 'seconds', Float32Array, file),
  };
}
