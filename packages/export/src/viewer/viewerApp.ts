import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ViewerFiles } from './viewerData';

/**
 * Folder of the built browser app (`vite build` of `packages/export/viewer`). The same relative
 * path works from the sources (src/viewer → dist/viewer-app) and the build (dist/viewer → same).
 */
export function viewerAppDir(): string {
  return join(__dirname, '..', '..', 'dist', 'viewer-app');
}

/** Writes the viewer folder: the built app, then the data files from `viewerData`. */
export function writeViewer(dir: string, files: ViewerFiles, appDir = viewerAppDir()): void {
  if (!existsSync(join(appDir, 'index.html'))) {
    throw new Error(
      `the viewer app is not built (${appDir} has no index.html); run \`npm run build -w @latentlens/export\``,
    );
  }
  mkdirSync(dir, { recursive: true });
  cpSync(appDir, dir, { recursive: true });
  for (const [path, bytes] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}
