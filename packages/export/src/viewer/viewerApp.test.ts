import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSP_PLACEHOLDER, VIEWER_CSP } from './contentSecurityPolicy';
import { viewerAppDir, writeViewer } from './viewerApp';

describe('writeViewer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'latentlens-viewer-app-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the built app, then writes the data files beside it', () => {
    const app = join(dir, 'app');
    mkdirSync(join(app, 'assets'), { recursive: true });
    writeFileSync(join(app, 'index.html'), '<!doctype html>');
    writeFileSync(join(app, 'assets', 'index.js'), 'run()');
    const out = join(dir, 'export', 'viewer');
    writeViewer(out, new Map([['data/manifest.json', new TextEncoder().encode('{}')]]), app);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<!doctype html>');
    expect(readFileSync(join(out, 'assets', 'index.js'), 'utf8')).toBe('run()');
    expect(readFileSync(join(out, 'data', 'manifest.json'), 'utf8')).toBe('{}');
  });

  it('says how to build the app when it is missing', () => {
    expect(() => writeViewer(join(dir, 'out'), new Map(), join(dir, 'nothing'))).toThrow(
      /not built.*npm run build -w @latentlens\/export/,
    );
  });

  it('the built app carries the one Content-Security-Policy in its meta tag', () => {
    const html = readFileSync(join(viewerAppDir(), 'index.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${VIEWER_CSP}" />`);
    expect(html).not.toContain(CSP_PLACEHOLDER);
  });

  it('looks for the app in the package dist folder', () => {
    expect(viewerAppDir()).toBe(join(__dirname, '..', '..', 'dist', 'viewer-app'));
    expect(viewerAppDir().endsWith(join('export', 'dist', 'viewer-app'))).toBe(true);
  });
});
