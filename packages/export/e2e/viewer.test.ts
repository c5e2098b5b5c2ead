import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { StaticServer, startStaticServer } from '../src/serve/staticServer';
import type { ViewerManifest } from '../src/viewer/viewerManifest';
// Declares window.__viewer, the app's read-only test probe.
import type {} from '../viewer/src/testHook';
import { launchChromium } from './chromium';
import { writeDigitsViewer } from './fixture';
import { changedFraction, inkFraction } from './pixels';

/** Screenshots for people to look at (gitignored). */
const OUTPUT = join(__dirname, '..', 'test-output', 'viewer');
const BACKGROUND: [number, number, number] = [0x11, 0x13, 0x18];

describe('viewer in Chromium, on a 10,000-digit export', () => {
  let dir: string;
  let points: number;
  let manifest: ViewerManifest;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  const probe = <T>(read: string): Promise<T> =>
    page.evaluate(`window.__viewer.${read}`) as Promise<T>;
  /** Two animation frames: whatever the last change asked for has been painted. */
  const painted = () =>
    page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
  const canvasShot = async (name: string) => {
    await painted();
    const png = await page.locator('#canvas').screenshot();
    writeFileSync(join(OUTPUT, `${name}.png`), png);
    return png;
  };
  const waitForDraws = (after: number) =>
    page.waitForFunction((n) => window.__viewer.draws > n, after);

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'latentlens-viewer-'));
    points = await writeDigitsViewer(dir);
    manifest = JSON.parse(readFileSync(join(dir, 'data', 'manifest.json'), 'utf8'));
    server = await startStaticServer({ root: dir, host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('request', (r) => requests.push(r.url()));
    page.setDefaultTimeout(20000);
    page.on('console', (m) => {
      // SwiftShader reports its performance hints ("GPU stall due to ReadPixels") as warnings.
      const driverHint = /^\[\.WebGL-[^\]]+\]GL Driver Message \([^)]*, Performance,/.test(
        m.text(),
      );
      if (m.type() === 'error' || (m.type() === 'warning' && !driverHint))
        problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(server.url);
    await page.waitForFunction(
      () => window.__viewer.ready || window.__viewer.error !== null,
      undefined,
      { timeout: 60000 },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws every point of the export', async () => {
    expect(await probe('error')).toBeNull();
    expect(points).toBe(10000);
    expect(await probe('pointCount')).toBe(points);
    expect(await probe('pointsDrawn')).toBe(points);
    expect(await probe('visiblePoints')).toBe(points);
    expect(await probe('projections')).toEqual(['random-a', 'random-b', 'random-3d']);
    const written = await page.evaluate(() => {
      try {
        Object.assign(window.__viewer, { pointsDrawn: 1 });
      } catch {
        // A frozen probe refuses the write: that is the point.
      }
      return window.__viewer.pointsDrawn;
    });
    expect(written).toBe(points);
    expect(inkFraction(await canvasShot('1-loaded'), BACKGROUND)).toBeGreaterThan(0.02);
    await page.screenshot({ path: join(OUTPUT, '1-page.png') });
  });

  it('shows the projection parameters and switches projection, changing the drawing', async () => {
    await expect(page.locator('#projection-info h2').textContent()).resolves.toBe('random-a');
    await expect(page.locator('#projection-info').textContent()).resolves.toContain('seed');
    const before = await canvasShot('2-random-a');
    const draws = await probe<number>('draws');
    await page.selectOption('#projection', '1');
    await waitForDraws(draws);
    expect(await probe('projection')).toBe('random-b');
    await expect(page.locator('#projection-info h2').textContent()).resolves.toBe('random-b');
    const after = await canvasShot('2-random-b');
    expect(changedFraction(before, after)).toBeGreaterThan(0.02);
    expect(await probe('pointsDrawn')).toBe(points);
  });

  it('shows a thumbnail, id and class when hovering a point', async () => {
    const box = (await page.locator('#canvas').boundingBox())!;
    const [x, y] = (await page.evaluate(() => window.__viewer.screenPosition(1234)))!;
    await page.mouse.move(box.x + x, box.y + y);
    await page.waitForFunction(() => window.__viewer.hovered !== null);
    await page.waitForFunction(() => window.__viewer.thumbnailsDrawn > 0);
    const hovered = (await probe<{ index: number; id: number }>('hovered'))!;
    const tooltip = page.locator('#tooltip');
    await expect(tooltip.isVisible()).resolves.toBe(true);
    await expect(tooltip.locator('[data-field=id]').textContent()).resolves.toBe(
      String(hovered.id),
    );
    const label = Number(readFileSync(join(dir, 'data', 'labels.bin'))[hovered.index]);
    await expect(tooltip.locator('[data-field=class]').textContent()).resolves.toBe(
      manifest.classNames[label],
    );
    // The thumbnail is the digit itself: some pixels lit, most dark.
    const lit = await tooltip.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let on = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 128) on++;
      return on / (c.width * c.height);
    });
    expect(lit).toBeGreaterThan(0.05);
    expect(lit).toBeLessThan(0.6);
    await page.screenshot({ path: join(OUTPUT, '3-hover.png') });
  });

  it('lists the nearest neighbours in code space when a point is clicked', async () => {
    const hovered = (await probe<{ index: number; id: number }>('hovered'))!;
    const box = (await page.locator('#canvas').boundingBox())!;
    const [x, y] = (await page.evaluate((i) => window.__viewer.screenPosition(i), hovered.index))!;
    await page.mouse.click(box.x + x, box.y + y);
    await page.waitForFunction((k) => window.__viewer.neighborsListed === k, manifest.neighbors.k);
    const focused = (await probe<{ index: number; id: number }>('focused'))!;
    const neighbors = new Int32Array(
      new Uint8Array(readFileSync(join(dir, 'data', 'neighbors.bin'))).buffer,
    );
    const k = manifest.neighbors.k;
    const listed = await page
      .locator('#details .neighbor')
      .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-index'))));
    expect(listed).toEqual(
      Array.from(neighbors.subarray(focused.index * k, (focused.index + 1) * k)),
    );
    await expect(page.locator('#details h2').textContent()).resolves.toBe(`Point #${focused.id}`);
    await page.waitForFunction((n) => window.__viewer.thumbnailsDrawn >= n, k + 2);
    await page.screenshot({ path: join(OUTPUT, '4-neighbours.png') });
  });

  it('colours by reconstruction error and by split, with a matching legend', async () => {
    const byClass = await canvasShot('5-class');
    let draws = await probe<number>('draws');
    await page.selectOption('#color-by', 'error');
    await waitForDraws(draws);
    await page.locator('#legend .ramp').waitFor();
    const byError = await canvasShot('5-error');
    expect(changedFraction(byClass, byError)).toBeGreaterThan(0.01);
    draws = await probe<number>('draws');
    await page.selectOption('#color-by', 'split');
    await waitForDraws(draws);
    await expect(page.locator('#legend [data-kind=split]').count()).resolves.toBe(2);
    expect(changedFraction(byError, await canvasShot('5-split'))).toBeGreaterThan(0.01);
    await page.selectOption('#color-by', 'class');
  });

  it('colours by a text column with a legend and by a number column with a ramp', async () => {
    const byClass = await canvasShot('5-class-again');
    let draws = await probe<number>('draws');
    await page.selectOption('#color-by', { label: 'parity' });
    await waitForDraws(draws);
    await expect(
      page.locator('#legend [data-kind=column-value] .name').allTextContents(),
    ).resolves.toEqual(expect.arrayContaining(['even', 'odd']));
    const byParity = await canvasShot('5-parity');
    expect(changedFraction(byClass, byParity)).toBeGreaterThan(0.01);
    draws = await probe<number>('draws');
    await page.selectOption('#color-by', { label: 'ink' });
    await waitForDraws(draws);
    await expect(page.locator('#legend h2').allTextContents()).resolves.toContain('ink');
    await page.locator('#legend .ramp').waitFor();
    expect(changedFraction(byParity, await canvasShot('5-ink'))).toBeGreaterThan(0.01);
    await page.selectOption('#color-by', 'class');
  });

  it('searches by a metadata column, text or numbers', async () => {
    const labels = readFileSync(join(dir, 'data', 'labels.bin'));
    await page.fill('#search-input', 'parity:odd');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(
      (n) => window.__viewer.selected === n,
      labels.filter((l) => l % 2 === 1).length,
    );
    const column = manifest.columns!.find((c) => c.name === 'ink')!;
    if (column.kind !== 'number') throw new Error('ink is a number column');
    const ink = new Float64Array(
      new Uint8Array(readFileSync(join(dir, 'data', column.values.path))).buffer,
    );
    const inky = ink.filter((v) => v > 40).length;
    expect(inky).toBeGreaterThan(0);
    expect(inky).toBeLessThan(points);
    await page.fill('#search-input', 'ink:>40');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction((n) => window.__viewer.selected === n, inky);
    await page.fill('#search-input', 'ink:lots');
    await page.press('#search-input', 'Enter');
    await expect(page.locator('#status').textContent()).resolves.toMatch(/^ink holds numbers/);
  });

  it('hides and shows a class from its legend entry', async () => {
    const labels = readFileSync(join(dir, 'data', 'labels.bin'));
    const ones = labels.filter((l) => l === 1).length;
    const toggle = page.locator('#legend [data-kind=class][data-category="1"]');
    await toggle.click();
    await page.waitForFunction((n) => window.__viewer.visiblePoints === n, points - ones);
    await expect(
      page.locator('#legend [data-kind=class][data-category="1"]').getAttribute('aria-pressed'),
    ).resolves.toBe('false');
    await canvasShot('6-without-ones');
    await page.locator('#legend [data-kind=class][data-category="1"]').click();
    await page.waitForFunction((n) => window.__viewer.visiblePoints === n, points);
  });

  it('finds a point by id and a class by name', async () => {
    const ids = new Int32Array(new Uint8Array(readFileSync(join(dir, 'data', 'ids.bin'))).buffer);
    await page.fill('#search-input', `#${ids[4321]}`);
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(() => window.__viewer.focused?.index === 4321);
    const labels = readFileSync(join(dir, 'data', 'labels.bin'));
    await page.fill('#search-input', '3');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(
      (n) => window.__viewer.selected === n,
      labels.filter((l) => l === 3).length,
    );
    await expect(page.locator('#selection h2').textContent()).resolves.toMatch(/^\d+ selected$/);
    await page.fill('#search-input', '#99999999');
    await page.press('#search-input', 'Enter');
    await expect(page.locator('#status').textContent()).resolves.toBe('no point has id 99999999');
  });

  it('selects the points inside a dragged box and shows their thumbnails', async () => {
    await page.keyboard.press('Escape');
    await page.click('[data-mode=box]');
    const box = (await page.locator('#canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx - 60, cy - 60);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++)
      await page.mouse.move(cx - 60 + step * 12, cy - 60 + step * 12);
    await page.mouse.up();
    await page.waitForFunction(() => window.__viewer.selected > 1);
    const selected = await probe<number>('selected');
    const thumbs = await page.locator('#selection .grid canvas').count();
    expect(thumbs).toBe(Math.min(selected, 300));
    await page.screenshot({ path: join(OUTPUT, '7-box-selection.png') });
    await page.click('[data-mode=pan]');
  });

  it('selects the points inside a lasso', async () => {
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.__viewer.selected === 0);
    await page.click('[data-mode=lasso]');
    const box = (await page.locator('#canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy - 80);
    await page.mouse.down();
    // Stop short of the start: a release exactly where the press was counts as a click.
    for (let step = 1; step <= 22; step++) {
      const angle = (step / 24) * 2 * Math.PI;
      await page.mouse.move(cx + 80 * Math.sin(angle), cy - 80 * Math.cos(angle));
    }
    await page.mouse.up();
    await page.waitForFunction(() => window.__viewer.selected > 1);
    await expect(page.locator('#selection .grid canvas').count()).resolves.toBeGreaterThan(1);
    await page.click('[data-mode=pan]');
  });

  it('turns a 3-D projection with the orbit sliders', async () => {
    let draws = await probe<number>('draws');
    await page.selectOption('#projection', '2');
    await waitForDraws(draws);
    await expect(page.locator('#orbit').isVisible()).resolves.toBe(true);
    const front = await canvasShot('8-3d-front');
    draws = await probe<number>('draws');
    await page.locator('#yaw').fill('90');
    await waitForDraws(draws);
    const side = await canvasShot('8-3d-turned');
    expect(changedFraction(front, side)).toBeGreaterThan(0.02);
    expect(await probe('pointsDrawn')).toBe(points);
  });

  it('logged no error or warning and asked nothing of any other host', () => {
    expect(problems).toEqual([]);
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((url) => !url.startsWith(server.url))).toEqual([]);
  });
});
