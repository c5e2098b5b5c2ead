export { spriteImage, MAX_SPRITE_SIDE } from './core/spriteImage';
export type { Sprite, SpriteOptions } from './core/spriteImage';
export { tensorsTsv } from './core/tensorsTsv';
export { metadataTsv } from './core/metadataTsv';
export type { MetadataColumn } from './core/metadataTsv';
export { rawPixelsBytes, rawPixelsTsv } from './core/rawPixels';
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
export { bookmarkProjection } from './core/projectionBookmark';
export { float32Text } from './core/float32Text';
export { loadFigureFonts } from './figures/fonts';
export type { FigureFonts } from './figures/fonts';
export { renderFigure } from './figures/render';
export type { MarkContent, PendingFigure } from './figures/render';
export { projectionScatter } from './figures/projectionScatter';
export type { ScatterFigure, ScatterInput } from './figures/projectionScatter';
export { lossCurveSpec } from './figures/lossCurve';
export type { LossCurveInput } from './figures/lossCurve';
export { reconstructionGridSpec } from './figures/reconstructionGrid';
export type { ReconstructionGridInput, ReconstructionRow } from './figures/reconstructionGrid';
export { DEFAULT_PROJECTOR_BASE_URL, runExportStage } from './stage/exportStage';
export type { ExportConfig, ExportStageResult } from './stage/exportStage';
export type { MethodNames } from './core/wording';
export { RAW_PIXELS_TSV_MAX_POINTS } from './stage/projectorFolders';
export { isLoopback } from './serve/allowedHosts';
export { startStaticServer, staticHandler } from './serve/staticServer';
export type { StaticServer } from './serve/staticServer';
export { viewerData } from './viewer/viewerData';
export type { ViewerDataInput, ViewerFiles } from './viewer/viewerData';
export { viewerAppDir, writeViewer } from './viewer/viewerApp';
export { VIEWER_FORMAT, VIEWER_DATA_DIR } from './viewer/viewerManifest';
export type {
  ViewerManifest,
  ViewerProjection,
  ViewerArrayFile,
  ViewerThumbnails,
  ViewerDtype,
} from './viewer/viewerManifest';
