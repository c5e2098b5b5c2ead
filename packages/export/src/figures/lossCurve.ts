import type { TrainingHistory } from '@latentlens/data';
import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG } from './theme';

export interface LossCurveInput {
  history: TrainingHistory;
  title: string;
  subtitle: string[];
  /** What the loss measures, for the y axis, e.g. "loss (sse)". */
  lossName: string;
}

/** Training (and, when recorded, validation) loss per epoch. */
export function lossCurveSpec(input: LossCurveInput): TopLevelSpec {
  const { epoch, trainLoss, validationLoss } = input.history;
  const values: { epoch: number; loss: number; curve: string }[] = [];
  epoch.forEach((e, i) => {
    values.push({ epoch: e, loss: trainLoss[i], curve: 'training' });
    if (Number.isFinite(validationLoss[i]))
      values.push({ epoch: e, loss: validationLoss[i], curve: 'validation' });
  });
  const curves = [...new Set(values.map((v) => v.curve))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: FIGURE_CONFIG,
    width: 520,
    height: 300,
    title: { text: input.title, subtitle: input.subtitle },
    data: { values },
    mark: {
      type: 'line',
      strokeWidth: 2,
      point: epoch.length <= 60 ? { size: 30, filled: true } : false,
    },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        scale: {
          domain: [Math.min(1, epoch[0] ?? 1), Math.max(1, epoch[epoch.length - 1] ?? 1)],
          nice: false,
        },
        axis: { title: 'epoch', format: 'd', tickMinStep: 1, grid: false },
      },
      y: {
        field: 'loss',
        type: 'quantitative',
        scale: { zero: false },
        axis: { title: input.lossName },
      },
      color: {
        field: 'curve',
        type: 'nominal',
        scale: { domain: curves, range: ['#4e79a7', '#f28e2b'] },
        legend: curves.length > 1 ? { title: null, orient: 'top-right' } : null,
      },
    },
  };
}
