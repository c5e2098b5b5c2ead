import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@latentlens/data';
import type { AutoencoderConfig } from '../core/config';
import { deserializeTrainingState, serializeTrainingState } from '../core/serialize';
import type { TrainingState } from '../core/state';
import { resumeMismatches } from '../core/train';

/** Files of `<outDir>/checkpoint/`. */
export const CHECKPOINT_FILES = {
  /** What the run trains on and with, written once before its first epoch. */
  identity: 'run.json',
  /** The full training state after the last complete epoch, replaced atomically every epoch. */
  state: 'state.bin',
} as const;

/** Besides the config (inside state.bin), a checkpoint is only valid for the same data and backend. */
export interface RunIdentity {
  datasetSha256: string;
  backend: string;
}

export type ResumeMode = 'auto' | 'always' | 'never';

/**
 * The last complete epoch of an earlier run into the same folder, when it can be continued:
 * the same data, backend and config (epochs aside, as long as it has not gone past them).
 * Returns the state, or why not. `mode` 'never' ignores checkpoints; 'always' makes a missing or
 * unusable one an error.
 */
export function findCheckpoint(
  dir: string,
  identity: RunIdentity,
  config: AutoencoderConfig,
  mode: ResumeMode,
): { state: TrainingState | null; reason: string } {
  if (mode === 'never') return { state: null, reason: 'resume disabled' };
  const why = ((): string | TrainingState => {
    const statePath = join(dir, CHECKPOINT_FILES.state);
    const identityPath = join(dir, CHECKPOINT_FILES.identity);
    if (!existsSync(statePath) || !existsSync(identityPath)) return `no checkpoint in ${dir}`;
    let saved: RunIdentity;
    let state: TrainingState;
    try {
      saved = JSON.parse(readFileSync(identityPath, 'utf8')) as RunIdentity;
      state = deserializeTrainingState(readFileSync(statePath));
    } catch (error) {
      return `unreadable checkpoint (${(error as Error).message})`;
    }
    if (saved.datasetSha256 !== identity.datasetSha256)
      return 'the checkpoint was trained on other data';
    if (saved.backend !== identity.backend)
      return `the checkpoint was trained on the ${saved.backend} backend, not ${identity.backend}`;
    const differs = resumeMismatches(state.config, config);
    if (differs.length > 0)
      return `the checkpoint was trained with a different ${differs.join(', ')}`;
    if (state.epoch > config.epochs) return `the checkpoint is past epoch ${config.epochs}`;
    return state;
  })();
  if (typeof why !== 'string') return { state: why, reason: `resuming after epoch ${why.epoch}` };
  if (mode === 'always') throw new Error(`Cannot resume: ${why}`);
  return { state: null, reason: why };
}

/** Starts a new run's checkpoint folder: the previous run's files go first. */
export function startCheckpoints(dir: string, identity: RunIdentity): void {
  rmSync(dir, { recursive: true, force: true });
  writeFileAtomic(join(dir, CHECKPOINT_FILES.identity), JSON.stringify(identity));
}

export function writeCheckpoint(dir: string, state: TrainingState): void {
  writeFileAtomic(join(dir, CHECKPOINT_FILES.state), serializeTrainingState(state));
}
