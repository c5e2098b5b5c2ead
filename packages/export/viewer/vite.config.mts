import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The viewer is a static app: relative URLs (`base: './'`) so it works from any folder of any
 * static server, and everything bundled (no CDN, no web fonts). The export stage copies the
 * output folder next to the data files it writes.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/viewer-app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Keep the WebGL library in the bundle rather than separate chunks: one file to load.
    chunkSizeWarningLimit: 1024,
  },
});
