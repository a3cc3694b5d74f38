// The embed builder in real headless Chromium: options -> the live preview
// (the real embed in an iframe) -> the copied embed code -> a fresh page that
// opens exactly that embed. "Only these" writes lock= as the complement of the
// groups a student may change; the builder opens on the keys the state has.
// Screenshots of the builder at 1280x800 and 390x844 in build/e2e/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, readyState, screenshot, serve } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function openPage(url, { width = 1280, height = 800, mobile = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, hasTouch: mobile, isMobile: mobile });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => {});
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(url);
  assert.equal(await readyState(page), 'ready');
  return { page, problems, close: () => context.close() };
}

// The preview frame once it shows the builder's current fragment.
async function previewState(page) {
  const fragment = await page.evaluate(() => window.convplay.builderFragment);
  const handle = await page.waitForSelector('.builder-preview');
  await page.waitForFunction((f) => document.querySelector('.builder-preview').src.endsWith(f), fragment);
  const frame = await handle.contentFrame();
  await frame.waitForFunction((f) => location.hash.length > 1 && window.convplay && window.convplay.getState && decodeURIComponent(location.hash).length > 0, fragment);
  await frame.evaluate(() => window.convplay.ready);
  return frame.evaluate(() => window.convplay.getState());
}

test('builder: only padding editable, two panels, light theme -> preview -> copied code -> a fresh page opens that embed', async () => {
  const { page, problems, close } = await openPage(`${server.url}/index.html#in=6&s=2`);
  try {
    await page.evaluate(() => window.convplay.openBuilder());
    await page.waitForSelector('#builder');
    // Only padding: untick every other group the builder opened with (no lock: all ticked).
    for (const id of ['op', 'input', 'kernel', 'stride', 'dilation', 'channels', 'pool', 'heatmap']) await page.click(`label[for="builder-group-${id}"]`);
    await page.check('#builder-mode-only');
    await page.check('#builder-panel-controls');
    await page.check('#builder-panel-steps');
    await page.selectOption('#builder-theme', 'light');
    const state = await previewState(page);
    assert.equal(state.embed, '1');
    assert.equal(state.show, 'controls,steps');
    assert.equal(state.theme, 'light');
    assert.deepEqual([state.in, state.s], ['6', '2'], 'the figure is the page\'s');
    const locked = state.lock.split(',');
    for (const key of ['op', 'in', 'k', 's', 'd', 'cout', 'g', 'hm']) assert.ok(locked.includes(key), `${key} locked: ${state.lock}`);
    for (const key of ['p', 'pm']) assert.ok(!locked.includes(key), `${key} editable: ${state.lock}`);

    // "All but these" with the same ticks: the complement.
    await page.check('#builder-mode-except');
    const except = await previewState(page);
    assert.ok(except.lock.split(',').includes('p') && !except.lock.split(',').includes('s'), except.lock);
    await page.check('#builder-mode-only');
    await previewState(page);
    await screenshot(page, 'builder-1280x800');

    // Copy the embed code; a fresh page opens exactly that embed.
    const copied = page.evaluate(() => new Promise((resolve) => window.addEventListener('convplay:copied', (e) => resolve(e.detail), { once: true })));
    await page.click('text=Copy embed code');
    const detail = await copied;
    assert.match(detail.text, /^<iframe src="[^"]+" width="100%" height="520"/);
    const src = /src="([^"]+)"/.exec(detail.text)[1].replace(/&amp;/g, '&');
    const fresh = await openPage(src, { width: 800, height: 520 });
    try {
      assert.deepEqual(await fresh.page.evaluate(() => window.convplay.getState()), state);
      assert.deepEqual(fresh.problems, []);
    } finally { await fresh.close(); }
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('builder: opens on the state\'s own embed keys, and fits a phone', async () => {
  const { page, close } = await openPage(`${server.url}/index.html#embed=1&show=formula&lock=s,p&quiz=1&tries=3`, { width: 390, height: 844, mobile: true });
  try {
    await page.evaluate(() => window.convplay.openBuilder());
    await page.waitForSelector('#builder');
    const form = await page.evaluate(() => ({
      stride: document.getElementById('builder-group-stride').checked,
      padding: document.getElementById('builder-group-padding').checked,
      kernel: document.getElementById('builder-group-kernel').checked,
      formula: document.getElementById('builder-panel-formula').checked,
      controls: document.getElementById('builder-panel-controls').checked,
      quiz: document.getElementById('builder-quiz').value,
      tries: document.getElementById('builder-tries').value,
      width: document.getElementById('builder').getBoundingClientRect().width,
    }));
    assert.deepEqual({ ...form, width: undefined }, { stride: false, padding: false, kernel: true, formula: true, controls: false, quiz: '1', tries: '3', width: undefined });
    assert.ok(form.width <= 390, `the dialog fits the phone: ${form.width}`);
    const state = await previewState(page);
    assert.deepEqual([state.quiz, state.tries, state.show], ['1', '3', 'formula']);
    assert.ok(['s', 'p'].every((k) => state.lock.split(',').includes(k)), state.lock);
    await screenshot(page, 'builder-390x844');
  } finally { await close(); }
});
