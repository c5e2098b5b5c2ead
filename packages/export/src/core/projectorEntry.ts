/** One embedding as the projector configuration files describe it; paths are relative. */
export interface ProjectorEntry {
  tensorName: string;
  tensorPath: string;
  /** [points, dimensions]; required by the standalone projector for a `.bytes` tensor. */
  tensorShape?: [number, number];
  metadataPath?: string;
  bookmarksPath?: string;
  /** `singleImageDim` is [width, height] of one thumbnail, as in projector_config.proto. */
  sprite?: { imagePath: string; singleImageDim: [number, number] };
}
