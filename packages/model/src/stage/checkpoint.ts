import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@latentlens/data';
import type { AutoencoderConfig } from '../core/config';
import { deserializeTrainingState, serializeTrainingState } from '../core/serialize';
import type { TrainingState } from '../core/state';
import { resumeMismatches } from '../core/train';

/** Files of `<outDir>/checkpoint/`. */
export const CHECKPOINT_FILES = {
  /**
   * What the run trains on and with, and the wall time of each epoch so far (kept out of
   * state.bin so that the same training gives the same bytes there).
   */
  identity: 'run.json',
  /** The full training state after the last complete epoch, replaced atomically every epoch. */
  state: 'state.bin',
} as const;

/** Besides the config (inside state.bin), a checkpoint is only valid for the same data and backend. */
export interface RunIdentity {
  datasetSha256: string;
  backend: string;
}

/** run.json: the identity, plus epoch wall times once epochs are done. */
interface RunRecord extends RunIdentity {
  epochSeconds?: number[];
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
    let saved: RunRecord;
    let state: TrainingState;
    try {
      saved = JSON.parse(readFileSync(identityPath, 'utf8')) as RunRecord;
      state = withSeconds(deserializeTrainingState(readFileSync(statePath)), saved.epochSeconds);
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

/**
 * Saves the state after an epoch. Wall times go to run.json first, then the timeless state to
 * state.bin: a kill between the two leaves extra times, never missing ones.
 */
export function writeCheckpoint(dir: string, state: TrainingState): void {
  const identityPath = join(dir, CHECKPOINT_FILES.identity);
  const record = JSON.parse(readFileSync(identityPath, 'utf8')) as RunRecord;
  record.epochSeconds = state.history.map((h) => h.seconds);
  writeFileAtomic(identityPath, JSON.stringify(record));
  writeFileAtomic(join(dir, CHECKPOINT_FILES.state), serializeTrainingState(timeless(state)));
}

/** The state with its epochs' wall times blanked (they vary from run to run). */
export function timeless(state: TrainingState): TrainingState {
  return { ...state, history: state.history.map((h) => ({ ...h, seconds: NaN })) };
}

function withSeconds(state: TrainingState, seconds: number[] = []): TrainingState {
  return { ...state, history: state.history.map((h, i) => ({ ...h, seconds: seconds[i] ?? NaN })) };
}
