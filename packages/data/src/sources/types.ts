import { Dataset } from '../contracts/dataset';
import { InputRecord } from '../contracts/metadata';
import { Progress } from '../io/progress';

/** A loaded source: the images and where every byte came from. */
export interface LoadedSource {
  dataset: Dataset;
  inputs: InputRecord[];
  /** Input files left out (a source's `onError: skip`), each with why; kept in the provenance. */
  skipped?: { path: string; reason: string }[];
  /**
   * Vectors the source brings itself (the table source), row by row in dataset order: the data
   * stage writes them as `embeddings.arrow` beside the dataset.
   */
  vectors?: { values: Float32Array; dim: number };
}

/**
 * Thrown when a source cannot be had here (offline, every mirror failing, not installed);
 * `fallback` may then try another. Corrupt or wrong local data is a plain Error instead.
 */
export class SourceUnavailableError extends Error {}

export interface SourceContext {
  progress: Progress;
  /** Folder for downloaded files (`$LATENTLENS_CACHE`, default `~/.cache/latentlens`). */
  cacheDir: string;
  /** Seed for anything a source decides at random (the bundled train/test split). */
  seed: number;
}
