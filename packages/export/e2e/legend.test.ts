import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { StaticServer, startStaticServer } from '../src/serve/staticServer';
import { classColors } from '../src/core/classColors';
import type {} from '../viewer/src/testHook';
import { launchChromium } from './chromium';
import { CLIPART_CLASSES, writeClassesViewer } from './fixture';

/** Screenshots for people to look at (gitignored). */
const OUTPUT = join(__dirname, '..', 'test-output', 'viewer');

/** '#rrggbb' as the browser computes a background colour. */
const cssRgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;

/**
 * The side panel's class legend with the 22 clip-art classes (long names, four-digit counts) and
 * with ten, at the window sizes people use: every entry reachable inside the panel, its name and
 * count shown whole, and no class colour repeated. The ten are a table's vectors (no
 * reconstruction error), which the point details must not call an autoencoder's code.
 */
describe.each([
  { classes: CLIPART_CLASSES, width: 1400, height: 900 },
  { classes: CLIPART_CLASSES, width: 1920, height: 1080 },
  { classes: CLIPART_CLASSES.slice(0, 10), width: 1400, height: 900, table: true },
])(
  'class legend of $classes.length classes at $width×$height',
  ({ classes, width, height, table }) => {
    let dir: string;
    let server: StaticServer;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];
    const last = classes.length - 1;
    const entry = (c: number) => page.locator(`#legend [data-kind=class][data-category="${c}"]`);

    beforeAll(async () => {
      mkdirSync(OUTPUT, { recursive: true });
      dir = mkdtempSync(join(tmpdir(), 'latentlens-legend-'));
      writeClassesViewer(dir, classes, table ? 'data' : 'encode');
      server = await startStaticServer({ root: dir, host: '127.0.0.1', port: 0 });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width, height } });
      page.setDefaultTimeout(20000);
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      await page.goto(server.url);
      await page.waitForFunction(() => window.__viewer.ready || window.__viewer.error !== null);
      await page.screenshot({
        path: join(OUTPUT, `legend-${classes.length}-${width}x${height}.png`),
      });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('lists every class, the last one reachable inside the side panel', async () => {
      expect(await page.evaluate(() => window.__viewer.error)).toBeNull();
      await expect(page.locator('#legend [data-kind=class]').count()).resolves.toBe(classes.length);
      // In view as the page opens, before any scrolling.
      const opened = (await entry(last).boundingBox())!;
      expect(opened.y + opened.height).toBeLessThanOrEqual(height);
      await entry(last).scrollIntoViewIfNeeded();
      const panel = (await page.locator('aside').boundingBox())!;
      const box = (await entry(last).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(panel.x);
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
      expect(box.y).toBeGreaterThanOrEqual(panel.y);
      expect(box.y + box.height).toBeLessThanOrEqual(Math.min(panel.y + panel.height, height));
      // Nothing is wider than the panel (it would scroll sideways, hiding the rest); the page
      // itself never scrolls: only the panel does, up and down.
      await expect(
        page.locator('aside').evaluate((aside) => aside.scrollWidth - aside.clientWidth),
      ).resolves.toBe(0);
      await expect(page.evaluate(() => document.documentElement.scrollHeight)).resolves.toBe(
        height,
      );
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(width);
    });

    it('shows every class name and count whole, inside its entry and the panel', async () => {
      const cut = await page.locator('#legend [data-kind=class]').evaluateAll((buttons) =>
        buttons.flatMap((button) => {
          const outer = button.getBoundingClientRect();
          const panel = document.querySelector('aside')!.getBoundingClientRect();
          return Array.from(button.querySelectorAll<HTMLElement>('.name, .count'))
            .filter((part) => {
              const r = part.getBoundingClientRect();
              return (
                part.scrollWidth > part.clientWidth ||
                r.left < Math.max(outer.left, panel.left) ||
                r.right > Math.min(outer.right, panel.right)
              );
            })
            .map((part) => part.textContent);
        }),
      );
      expect(cut).toEqual([]);
      await expect(entry(last).locator('.name').textContent()).resolves.toBe(classes[last][0]);
      await expect(entry(last).locator('.count').textContent()).resolves.toBe(
        String(classes[last][1]),
      );
    });

    it('gives each class its own colour, the 21st not the 1st', async () => {
      const swatches = await page
        .locator('#legend [data-kind=class] .swatch')
        .evaluateAll((spans) => spans.map((s) => getComputedStyle(s).backgroundColor));
      expect(swatches).toEqual(classColors(classes.length).map(cssRgb));
      expect(new Set(swatches).size).toBe(classes.length);
      if (classes.length > 20) expect(swatches[20]).not.toBe(swatches[0]);
      expect(problems).toEqual([]);
    });

    it('names the neighbours’ space by the vectors, and offers no missing error', async () => {
      const colourings = await page
        .locator('#color-by option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      expect(colourings.includes('error')).toBe(!table);
      // As a person does it: the pointer goes to point 0, the plot marks it hovered (regl-scatterplot
      // picks the point under the pointer on its next frame), then the click selects it. A click
      // without the hover first can land before that frame on a loaded machine, and select nothing.
      const box = (await page.locator('#canvas').boundingBox())!;
      const [x, y] = (await page.evaluate(() => window.__viewer.screenPosition(0)))!;
      await page.mouse.move(box.x + x, box.y + y);
      await page.waitForFunction(() => window.__viewer.hovered !== null);
      await page.mouse.click(box.x + x, box.y + y);
      await page.waitForFunction(() => window.__viewer.neighborsListed > 0);
      const space = table ? 'table vectors (2-D, Euclidean)' : 'autoencoder code (2-D, Euclidean)';
      await expect(page.locator('#details h3').first().textContent()).resolves.toBe(
        `Nearest in ${space}`,
      );
      await expect(page.locator('#details dt').allTextContents()).resolves.toEqual(
        table ? ['id', 'class', 'split'] : ['id', 'class', 'split', 'error'],
      );
      await page.screenshot({
        path: join(OUTPUT, `legend-${classes.length}-${width}x${height}-point.png`),
      });
    });
  },
);
