// harness.mjs — what the end-to-end suites share: dist/ served on loopback by
// scripts/serve, and Debian's Chromium driven by playwright-core (never a
// downloaded browser), plus reading pixels out of a screenshot.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = process.env.CONVPLAY_DIST || path.join(root, 'dist');
export const shots = path.join(root, 'build', 'e2e');
mkdirSync(shots, { recursive: true });

// Starts scripts/serve on a free port; resolves to { url, close }.
export function serve() {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [path.join(root, 'scripts/serve'), '--port', '0', '--dir', dist],
                        { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`scripts/serve exited with ${code}`)));
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (line) => resolve({ url: line.trim(), close: () => child.kill() }));
  });
}

// playwright gives every launch a fresh, temporary profile of its own.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

// Opens url in a fresh page that records console errors and uncaught exceptions.
export async function open(browser, url, { width = 1280, height = 800, dpr = 2, init, beforeGoto } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  if (init) await page.addInitScript(init);
  if (beforeGoto) await beforeGoto(page);
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

// Awaits window.convplay.ready in the page; resolves to 'ready' or the rejection text
// (or the timeout's, if it neither resolves nor rejects in time).
export async function readyState(page, timeout = 20000) {
  try {
    await page.waitForFunction(() => !!(window.convplay && window.convplay.ready), null, { timeout });
    await page.evaluate(() => {
      window.convplay.ready.then(() => { window.__readyState = 'ready'; },
                                 (e) => { window.__readyState = String(e && e.message); });
    });
    return await (await page.waitForFunction(() => window.__readyState, null, { timeout })).jsonValue();
  } catch (e) { return String(e && e.message); }
}

// Resolves once the app in `target` (a page or a frame) has settled: nothing
// more to draw, the URL written (window.convplay.idle()).
export const idle = (target) => target.evaluate(() => window.convplay.idle());

// Runs `act` (a click, a key) and resolves once a drawn frame shows the commit
// it made (window.convplay.commitCount / shown): the app's own event, no sleep.
export async function committed(target, act) {
  const n = await target.evaluate(() => window.convplay.commitCount());
  await act();
  await target.evaluate((n) => window.convplay.shown(n + 1), n);
}

// n animation frames of the page (events the browser fires, not a sleep).
export const animationFrames = (target, n = 2) => target.evaluate(async (n) => {
  for (let i = 0; i < n; ++i) await new Promise((r) => requestAnimationFrame(r));
}, n);

// A screenshot, saved under build/e2e/NAME.png and decoded: { width, height, data (RGBA) }.
export async function screenshot(page, name, clip) {
  const buffer = await page.screenshot({ path: path.join(shots, `${name}.png`), clip });
  return PNG.sync.read(buffer);
}

// How many distinct colours an image has (quantised to 4 bits per channel).
export function distinctColours(png) {
  const seen = new Set();
  for (let i = 0; i < png.data.length; i += 4)
    seen.add(((png.data[i] >> 4) << 8) | ((png.data[i + 1] >> 4) << 4) | (png.data[i + 2] >> 4));
  return seen.size;
}
