import type { EarlyStopping } from './config';
import type { EpochRecord } from './state';

/**
 * Whether training stops after the last epoch of `history`: true when none of the last
 * `patience` epochs lowered the best validation loss seen before them by more than `minDelta`.
 * Decided from the history alone, so a resumed run stops exactly where an unbroken one would.
 */
export function shouldStopEarly(
  history: readonly EpochRecord[],
  rule: EarlyStopping | undefined,
): boolean {
  if (rule === undefined) return false;
  let best = Infinity;
  let sinceImprovement = 0;
  for (const { validationLoss } of history) {
    if (validationLoss < best - rule.minDelta) {
      best = validationLoss;
      sinceImprovement = 0;
    } else {
      sinceImprovement += 1;
    }
  }
  return sinceImprovement >= rule.patience;
}
