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

// Awaits window.convplay.ready in the page; resolves to 'ready' or the rejection text.
export function readyState(page, timeout = 20000) {
  return page.evaluate(async (ms) => {
    const deadline = new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), ms));
    for (let i = 0; !window.convplay && i < 100; ++i) await new Promise((r) => setTimeout(r, 10));
    try { await Promise.race([window.convplay.ready, deadline]); return 'ready'; }
    catch (e) { return String(e && e.message); }
  }, timeout);
}

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
