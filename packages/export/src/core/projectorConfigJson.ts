import type { ProjectorEntry } from './projectorEntry';

/**
 * projector_config.json for the standalone Embedding Projector (its `ProjectorConfig` /
 * `EmbeddingInfo` in vz_projector/data-provider.ts). The standalone app fetches every path
 * relative to the page that hosts it, not to this file. A tensor path ending in `.bytes` is read
 * as raw little-endian float32 and needs `tensorShape`, since the app takes the dimension from
 * `tensorShape[1]`; any other path is parsed as TSV.
 */
export function projectorConfigJson(entries: ProjectorEntry[]): string {
  const embeddings = entries.map((entry) => {
    if (entry.tensorPath.endsWith('.bytes') && entry.tensorShape === undefined) {
      throw new RangeError(`"${entry.tensorName}": a .bytes tensor needs tensorShape`);
    }
    return {
      tensorName: entry.tensorName,
      tensorShape: entry.tensorShape,
      tensorPath: entry.tensorPath,
      metadataPath: entry.metadataPath,
      sprite: entry.sprite && { imagePath: entry.sprite.imagePath, singleImageDim: entry.sprite.singleImageDim },
      bookmarksPath: entry.bookmarksPath,
    };
  });
  // JSON.stringify leaves out the fields that are undefined.
  return JSON.stringify({ embeddings }, null, 2) + '\n';
}
