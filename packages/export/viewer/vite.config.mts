import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CSP_PLACEHOLDER, VIEWER_CSP } from '../src/viewer/contentSecurityPolicy';

/** Writes the one Content-Security-Policy (the header `latentlens serve` sends too) into the page. */
const contentSecurityPolicy: Plugin = {
  name: 'latentlens-viewer-csp',
  transformIndexHtml(html) {
    if (!html.includes(CSP_PLACEHOLDER))
      throw new Error(`viewer/index.html lacks ${CSP_PLACEHOLDER} in its CSP meta tag`);
    return html.replace(CSP_PLACEHOLDER, VIEWER_CSP);
  },
};

/**
 * The viewer is a static app: relative URLs (`base: './'`) so it works from any folder of any
 * static server, and everything bundled (no CDN, no web fonts). The export stage copies the
 * output folder next to the data files it writes.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [contentSecurityPolicy],
  build: {
    outDir: fileURLToPath(new URL('../dist/viewer-app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Keep the WebGL library in the bundle rather than separate chunks: one file to load.
    chunkSizeWarningLimit: 1024,
  },
});
