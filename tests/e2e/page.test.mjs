// The page in real headless Chromium: it loads, draws a real first frame,
// stays crisp at devicePixelRatio 2, follows the window size, stays idle when
// nothing happens, and explains itself when the browser lacks what it needs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { distinctColours, launch, open, readyState, screenshot, serve } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test('loads, draws a first frame and resolves window.convplay.ready, without errors', async () => {
  const { page, problems, close } = await open(browser, server.url);
  assert.equal(await readyState(page), 'ready');
  const ms = await page.evaluate(() => window.convplay.firstFrameMs);
  assert.ok(ms > 0);
  const version = await page.evaluate(() => window.convplay.version);
  assert.match(version, /^\d+\.\d+\.\d+$/);
  const png = await screenshot(page, 'page-1280x800@2x');
  assert.equal(png.width, 2560, 'screenshot at DPR 2');
  assert.ok(distinctColours(png) > 20, `first frame has ${distinctColours(png)} colours: blank or flat`);
  // The status overlay is gone once ready.
  assert.ok(await page.$eval('#status', (e) => e.classList.contains('done')));
  assert.deepEqual(problems, []);
  console.log(`first frame ${ms.toFixed(0)} ms after navigation started (loopback, SwiftShader, DPR 2)`);
  await close();
});

test('the whole page, fonts included, weighs at most 400 KB gzipped', async () => {
  const bodies = [];
  // A response may still arrive (the favicon) as the page closes: its body is then gone.
  const beforeGoto = (page) => page.on('response', (r) => bodies.push(
    r.body().then((b) => [new URL(r.url()).pathname, gzipSync(b, { level: 9 }).length], () => [r.url(), 0])));
  const { page, close } = await open(browser, server.url, { beforeGoto });
  assert.equal(await readyState(page), 'ready');
  const sizes = await Promise.all(bodies);
  const total = sizes.reduce((sum, [, n]) => sum + n, 0);
  console.log(`page weight ${(total / 1024).toFixed(1)} KB gzipped: ${sizes.map(([p, n]) => `${p} ${(n / 1024).toFixed(1)}`).join(', ')}`);
  assert.ok(sizes.some(([p]) => p.endsWith('.wasm')), 'the wasm was among the responses');
  assert.ok(total <= 400 * 1024, `page is ${total} bytes gzipped`);
  await close();
});

test('the canvas backing store is CSS size x devicePixelRatio and follows resizes', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 2 });
  assert.equal(await readyState(page), 'ready');
  const size = () => page.$eval('#canvas', (c) => [c.width, c.height, c.clientWidth, c.clientHeight]);
  assert.deepEqual(await size(), [2560, 1600, 1280, 800]);
  await page.setViewportSize({ width: 900, height: 700 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 1800, null, { timeout: 5000 });
  assert.deepEqual(await size(), [1800, 1400, 900, 700]);
  assert.deepEqual(problems, []);
  await close();
});

test('phone size: the layout stacks and still draws', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 390, height: 844, dpr: 3 });
  assert.equal(await readyState(page), 'ready');
  const png = await screenshot(page, 'page-390x844@3x');
  assert.ok(distinctColours(png) > 20);
  assert.deepEqual(problems, []);
  await close();
});

test('clicking the next-step arrow moves the highlighted output cell', async () => {
  const { page, problems, close } = await open(browser, server.url);
  assert.equal(await readyState(page), 'ready');
  // The output grid's first row at 1280x800: the amber current cell is found by colour.
  const amberColumns = async () => {
    const png = await screenshot(page, 'step-probe', { x: 900, y: 290, width: 340, height: 40 });
    const cols = new Set();
    for (let x = 0; x < png.width; x += 4) {
      const i = (Math.floor(png.height / 2) * png.width + x) * 4;
      if (png.data[i] > 220 && png.data[i + 1] > 150 && png.data[i + 1] < 190 && png.data[i + 2] < 90) cols.add(x);
    }
    return [...cols];
  };
  await page.waitForTimeout(1000);
  const before = await amberColumns();
  assert.ok(before.length > 0, 'the current output cell is drawn in amber');
  for (let i = 0; i < 3; i++) { await page.mouse.click(148, 407); await page.waitForTimeout(300); }
  await page.waitForTimeout(1000);
  const after = await amberColumns();
  assert.ok(after.length > 0);
  assert.ok(Math.min(...after) > Math.max(...before), `the cell moved right: ${before[0]} -> ${after[0]}`);
  assert.deepEqual(problems, []);
  await close();
});

test('an idle page draws nothing', async () => {
  // Count WebGL draw calls from the very start.
  const init = () => {
    window.__draws = 0;
    for (const name of ['drawArrays', 'drawElements']) {
      const original = WebGL2RenderingContext.prototype[name];
      WebGL2RenderingContext.prototype[name] = function (...args) { window.__draws++; return original.apply(this, args); };
    }
  };
  const { page, problems, close } = await open(browser, server.url, { init });
  assert.equal(await readyState(page), 'ready');
  // The app draws a few frames to settle (each takes ~250 ms under SwiftShader
  // at DPR 2); wait for a quiet second, then expect quiet to last.
  let before = -1;
  for (let i = 0; i < 20; ++i) {
    const now = await page.evaluate(() => window.__draws);
    if (now === before) break;
    before = now;
    await page.waitForTimeout(1000);
  }
  assert.ok(before > 0, 'the first frames were drawn');
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => window.__draws), before, 'no draw calls while idle');
  await page.mouse.move(200, 300);  // input wakes it up
  await page.waitForFunction((n) => window.__draws > n, before, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await close();
});

test('without WebGL2 the page says so instead of going blank', async () => {
  const init = () => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : original.call(this, type, ...rest);
    };
  };
  const { page, close } = await open(browser, server.url, { init });
  assert.match(await readyState(page), /cannot run convplay/);
  assert.match(await page.textContent('#status'), /needs WebGL 2/);
  await screenshot(page, 'page-no-webgl2');
  await close();
});

test('without WebAssembly SIMD the page says so instead of going blank', async () => {
  const init = () => { WebAssembly.validate = () => false; };
  const { page, close } = await open(browser, server.url, { init });
  assert.match(await readyState(page), /cannot run convplay/);
  assert.match(await page.textContent('#status'), /needs WebAssembly SIMD/);
  await close();
});

test('a missing app file gives a clear message', async () => {
  const { page, close } = await open(browser, server.url, { init: () => {} });
  await page.route('**/convplay-app.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.reload();
  assert.match(await readyState(page), /could not (be loaded|start)/);
  await close();
});
