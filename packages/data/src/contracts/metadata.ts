/**
 * Every latentlens Arrow file carries the same schema-metadata keys, so any reader (pyarrow, polars,
 * DuckDB) can tell which stage wrote it, with which settings, from which inputs.
 */
export const METADATA_KEYS = {
  stage: 'latentlens.stage',
  version: 'latentlens.version',
  config: 'latentlens.config',
  provenance: 'latentlens.provenance',
} as const;

/** Where a stage's input came from: a file with its hash, or a URL. */
export interface InputRecord {
  /** Path (relative when possible) or URL. */
  path: string;
  /** SHA-256 of the input's bytes, hex. */
  sha256: string;
}

export interface StageMetadata {
  stage: string;
  /** Version of the package that wrote the file. */
  version: string;
  config: unknown;
  provenance: { inputs: InputRecord[]; [key: string]: unknown };
}

/** Stage metadata plus any contract-specific string entries, as Arrow schema metadata. */
export function encodeStageMetadata(
  meta: StageMetadata,
  extra: Record<string, string> = {},
): Map<string, string> {
  const out = new Map<string, string>();
  out.set(METADATA_KEYS.stage, meta.stage);
  out.set(METADATA_KEYS.version, meta.version);
  out.set(METADATA_KEYS.config, JSON.stringify(meta.config));
  out.set(METADATA_KEYS.provenance, JSON.stringify(meta.provenance));
  for (const [k, v] of Object.entries(extra)) out.set(k, v);
  return out;
}

export function decodeStageMetadata(metadata: Map<string, string>): StageMetadata {
  const get = (key: string): string => {
    const value = metadata.get(key);
    if (value === undefined) throw new Error(`missing schema metadata key "${key}"`);
    return value;
  };
  return {
    stage: get(METADATA_KEYS.stage),
    version: get(METADATA_KEYS.version),
    config: JSON.parse(get(METADATA_KEYS.config)),
    provenance: JSON.parse(get(METADATA_KEYS.provenance)),
  };
}
