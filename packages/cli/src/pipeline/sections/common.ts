import { field, seedRule } from '@latentlens/data';

/** A stage's own seed; when absent it takes the pipeline's top-level `seed`. */
export const seedField = field(seedRule);
