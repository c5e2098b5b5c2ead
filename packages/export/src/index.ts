export { spriteImage, MAX_SPRITE_SIDE } from './core/spriteImage';
export type { Sprite, SpriteOptions } from './core/spriteImage';
export { tensorsTsv } from './core/tensorsTsv';
export { metadataTsv } from './core/metadataTsv';
export type { MetadataColumn } from './core/metadataTsv';
export { projectorConfigPbtxt } from './core/projectorConfigPbtxt';
export { projectorConfigJson } from './core/projectorConfigJson';
export type { ProjectorEntry } from './core/projectorEntry';
export { float32Bytes } from './core/float32Bytes';
export { projectorBookmarks } from './core/projectorBookmarks';
export type {
  BookmarkProjection,
  ProjectionParams,
  ProjectorBookmarksInput,
  ProjectorState,
} from './core/projectorBookmarks';
export { float32Text } from './core/float32Text';
export { runExportStage } from './stage/exportStage';
export type { ExportConfig, ExportStageResult } from './stage/exportStage';
