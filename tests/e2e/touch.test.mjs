// Reach on a laptop and a phone, in real headless Chromium: Play, Step and
// Heatmap sit in the figure's toolbar, inside the first screen at 1280x800
// and in a 390x844 touch context (hasTouch, isMobile), in the page and an
// embed; the PNG export takes a scale (1x, 2x, 4x) and the decoded PNG is that
// many times the figure's size. build/e2e/export-2x.png is a 2x export.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { launch, readyState, screenshot, serve, shots } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function openPage(url, { width, height, mobile = false }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: mobile ? 2 : 1, hasTouch: mobile, isMobile: mobile });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(url);
  assert.equal(await readyState(page), 'ready');
  return { page, problems, close: () => context.close() };
}

// The named widgets once two frames have passed with nothing moving.
const settled = (page) => page.evaluate(async () => {
  let last = '';
  for (let i = 0; i < 40; i++) {
    for (let f = 0; f < 2; ++f) await new Promise((r) => requestAnimationFrame(r));
    const now = JSON.stringify(window.convplay.getWidgets());
    if (now === last) return JSON.parse(now);
    last = now;
  }
  return JSON.parse(last);
});

for (const [width, height, mobile] of [[1280, 800, false], [390, 844, true]])
  for (const fragment of ['', 'embed=1&show=controls,formula'])
    test(`Play, Step and Heatmap are on the first screen: ${width}x${height}${mobile ? ' touch' : ''}, ${fragment || 'full page'}`, async () => {
      const { page, problems, close } = await openPage(`${server.url}/index.html#${fragment}`, { width, height, mobile });
      try {
        const widgets = await settled(page);
        for (const id of ['figure.prev', 'figure.play', 'figure.next', 'figure.hm'].filter((id) => id !== 'figure.hm' || !fragment)) {
          const w = widgets.find((x) => x.id === id);
          assert.ok(w, `${id} is drawn: ${widgets.map((x) => x.id)}`);
          assert.ok(w.x >= 0 && w.y >= 0 && w.x + w.w <= width && w.y + w.h <= height, `${id} inside ${width}x${height}: ${JSON.stringify(w)}`);
        }
        // Play works from there: a tap (touch) or a click on it.
        const play = widgets.find((x) => x.id === 'figure.play');
        if (mobile) await page.touchscreen.tap(play.x + play.w / 2, play.y + play.h / 2);
        else await page.mouse.click(play.x + play.w / 2, play.y + play.h / 2);
        await page.waitForFunction(() => window.convplay.getState().play === '1');
        await screenshot(page, `reach-${width}x${height}${fragment ? '-embed' : ''}`);
        assert.deepEqual(problems, []);
      } finally { await close(); }
    });

test('PNG export at 1x, 2x and 4x: the decoded PNG is that many times the figure', async () => {
  const { page, problems, close } = await openPage(`${server.url}/index.html#s=2`, { width: 1280, height: 800 });
  try {
    const sizes = {};
    for (const scale of [1, 2, 4]) {
      const bytes = await page.evaluate(async (s) => [...new Uint8Array(await (await window.convplay.export('png', { scale: s })).arrayBuffer())], scale);
      const png = PNG.sync.read(Buffer.from(bytes));
      sizes[scale] = [png.width, png.height];
      if (scale === 2) writeFileSync(path.join(shots, 'export-2x.png'), Buffer.from(bytes));
    }
    const svg = await page.evaluate(() => window.convplay.exportSvg());
    const w = Number(/width="([\d.]+)"/.exec(svg)[1]), h = Number(/height="([\d.]+)"/.exec(svg)[1]);
    for (const scale of [1, 2, 4]) {
      assert.ok(Math.abs(sizes[scale][0] - w * scale) <= 1 && Math.abs(sizes[scale][1] - h * scale) <= 1,
        `${scale}x: ${sizes[scale]} for a ${w}x${h} figure`);
    }
    assert.ok(sizes[2][0] >= 800, `a 2x export is slide-sized: ${sizes[2]}`);
    assert.deepEqual(problems, []);
  } finally { await close(); }
});
