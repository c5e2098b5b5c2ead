import { parameterSpecs } from './architectures';
import {
  defaultAutoencoderConfig,
  validateAutoencoderConfig,
  type AutoencoderConfig,
} from './config';
import type { EpochRecord, NamedArray, TrainingState } from './state';
import { checkParameters } from './tensors';

/**
 * Checkpoint file layout (all integers and floats little-endian):
 *   bytes 0..7   the magic "LLAECKP1"
 *   bytes 8..11  uint32 J, the length of the UTF-8 JSON header
 *   J bytes      header: { config, epoch, step, rngState, history, arrays: [{ role, name, shape }] }
 *   zero padding to a multiple of 4
 *   the arrays' float32 values, one after another in header order
 * Roles are 'param', 'firstMoment', 'secondMoment' (one of each per parameter) and 'mean'.
 * JSON numbers round-trip doubles exactly (NaN, e.g. a missing validation loss, is stored as null), and the
 * floats are stored as raw bits.
 */
const magic = 'LLAECKP1';

type Role = 'param' | 'firstMoment' | 'secondMoment' | 'mean';

interface ArrayEntry {
  role: Role;
  name: string;
  shape: number[];
}

export function serializeTrainingState(state: TrainingState): Uint8Array {
  const entries: { entry: ArrayEntry; values: Float32Array }[] = [];
  state.params.forEach((p, i) => {
    entries.push({ entry: { role: 'param', name: p.name, shape: p.shape }, values: p.values });
    entries.push({
      entry: { role: 'firstMoment', name: p.name, shape: p.shape },
      values: state.firstMoment[i],
    });
    entries.push({
      entry: { role: 'secondMoment', name: p.name, shape: p.shape },
      values: state.secondMoment[i],
    });
  });
  entries.push({
    entry: { role: 'mean', name: 'mean', shape: [state.mean.length] },
    values: state.mean,
  });
  const header = new TextEncoder().encode(
    JSON.stringify({
      config: state.config,
      epoch: state.epoch,
      step: state.step,
      rngState: state.rngState,
      history: state.history,
      arrays: entries.map((e) => e.entry),
    }),
  );
  const dataStart = align4(12 + header.length);
  const floatCount = entries.reduce((sum, e) => sum + e.values.length, 0);
  const bytes = new Uint8Array(dataStart + 4 * floatCount);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(magic), 0);
  view.setUint32(8, header.length, true);
  bytes.set(header, 12);
  let offset = dataStart;
  for (const { values } of entries) {
    for (let i = 0; i < values.length; i++, offset += 4) view.setFloat32(offset, values[i], true);
  }
  return bytes;
}

export function deserializeTrainingState(bytes: Uint8Array): TrainingState {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== magic) {
    throw new Error('Not a latentlens autoencoder checkpoint (bad magic)');
  }
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new Error('Truncated checkpoint header');
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)),
  ) as Omit<TrainingState, 'params' | 'firstMoment' | 'secondMoment' | 'mean'> & {
    arrays: ArrayEntry[];
  };
  const config = withLegacyDefaults(header.config);
  validateAutoencoderConfig(config);

  let offset = align4(12 + headerLength);
  const byRole: Record<Role, NamedArray[]> = {
    param: [],
    firstMoment: [],
    secondMoment: [],
    mean: [],
  };
  for (const entry of header.arrays) {
    const length = entry.shape.reduce((a, b) => a * b, 1);
    if (offset + 4 * length > bytes.length)
      throw new Error(`Truncated checkpoint data at ${entry.role} ${entry.name}`);
    const values = new Float32Array(length);
    for (let i = 0; i < length; i++, offset += 4) values[i] = view.getFloat32(offset, true);
    byRole[entry.role].push({ name: entry.name, shape: entry.shape, values });
  }
  if (offset !== bytes.length) throw new Error('Checkpoint has trailing bytes');
  checkParameters(byRole.param, parameterSpecs(config));
  if (byRole.mean.length !== 1) throw new Error('Checkpoint must hold exactly one mean');
  if (
    byRole.firstMoment.length !== byRole.param.length ||
    byRole.secondMoment.length !== byRole.param.length
  ) {
    throw new Error('Checkpoint must hold both Adam moments of every parameter');
  }
  return {
    config,
    params: byRole.param,
    mean: byRole.mean[0].values,
    epoch: header.epoch,
    step: header.step,
    firstMoment: byRole.firstMoment.map((m) => m.values),
    secondMoment: byRole.secondMoment.map((m) => m.values),
    rngState: header.rngState,
    history: header.history.map((h: EpochRecord) => ({
      ...h,
      validationLoss: h.validationLoss ?? NaN,
      seconds: h.seconds ?? NaN,
    })),
  };
}

/**
 * Checkpoints written before a setting existed were trained as its old behaviour: a dense model,
 * Adam, no validation, one thread.
 */
function withLegacyDefaults(config: Partial<AutoencoderConfig>): AutoencoderConfig {
  const { kind, filters, optimizer, validation } = defaultAutoencoderConfig;
  return {
    kind,
    filters: [...filters],
    optimizer,
    validation,
    workers: 1,
    ...config,
  } as AutoencoderConfig;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
