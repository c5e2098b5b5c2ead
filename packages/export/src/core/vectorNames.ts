/**
 * What the exported vectors are, in the words the projector, the viewer, the figures and the
 * report use: an autoencoder's codes (written by the encode stage) or the vectors a table
 * brought (a `source: table` pipeline has no train or encode: its data stage writes
 * embeddings.arrow itself).
 */
export interface VectorNames {
  kind: 'autoencoder' | 'table';
  /** The projector's tensor name, e.g. "autoencoder code". */
  tensor: string;
  /** File stem of the tensor in the projector folders: `<file>/tensors.tsv`, `<file>.bytes`. */
  file: string;
  /** The vectors counted in a caption, e.g. "500 codes". */
  plural: string;
  /** The space the neighbours were found in, e.g. "autoencoder code (64-D, Euclidean)". */
  space: (dim: number) => string;
}

const NAMES: Record<VectorNames['kind'], Omit<VectorNames, 'kind' | 'space'>> = {
  autoencoder: { tensor: 'autoencoder code', file: 'autoencoder', plural: 'codes' },
  table: { tensor: 'table vectors', file: 'vectors', plural: 'vectors' },
};

/**
 * The names of vectors by the stage that wrote their embeddings.arrow (its `latentlens.stage`
 * metadata): the data stage's are a table's; encode's, or a file that does not say, are codes.
 */
export function vectorNames(writtenBy: string | undefined): VectorNames {
  const kind = writtenBy === 'data' ? 'table' : 'autoencoder';
  const names = NAMES[kind];
  return { kind, ...names, space: (dim) => `${names.tensor} (${dim}-D, Euclidean)` };
}
