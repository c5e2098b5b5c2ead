import { field, int } from '@latentlens/data';

/** A stage's own seed; when absent it takes the pipeline's top-level `seed`. */
export const seedField = field(int(0, 2 ** 32 - 1));
