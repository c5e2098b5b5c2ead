import { Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`), never a browser downloaded by Playwright.
 * Headless with --disable-gpu, WebGL runs on SwiftShader, Chromium's software renderer, which
 * this version enables by itself; `--enable-unsafe-swiftshader` keeps it enabled in versions
 * that would otherwise refuse the software fallback. The other flags stop Chromium's own
 * background traffic, so every request the test sees comes from the page.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}
