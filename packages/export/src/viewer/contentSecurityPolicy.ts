/**
 * What the viewer may load: nothing but files of the origin that serves it (regl compiles its
 * WebGL calls with `new Function`, hence 'unsafe-eval'). The one definition behind both the
 * `<meta>` tag the Vite build writes into the viewer's index.html (so any static server or a
 * file:// URL gets it) and the header `latentlens serve` sends.
 */
export const VIEWER_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; img-src 'self' data: blob:; " +
  "worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'";

/** The header adds what a `<meta>` tag cannot say: no other page may frame the viewer. */
export const SERVED_CSP = `${VIEWER_CSP}; frame-ancestors 'none'`;

/** The placeholder of the viewer's index.html that the build replaces with VIEWER_CSP. */
export const CSP_PLACEHOLDER = '%LATENTLENS_VIEWER_CSP%';
