// Reach on a laptop and a phone, in real headless Chromium: Play, Step and
// Heatmap sit in the figure's toolbar, inside the first screen at 1280x800
// and in a 390x844 touch context (hasTouch, isMobile), in the page and an
// embed; the PNG export takes a scale (1x, 2x, 4x) and the decoded PNG is that
// many times the figure's size. build/e2e/export-2x.png is a 2x export.
//
// Touch, with real touch events (CDP Input.dispatchTouchEvent, as a phone
// sends them; src/app/app_touch.cpp classifies them): a drag scrolls a panel
// and neither pops a tooltip nor moves a slider; a long press shows the
// tooltip, inside the screen and saying "tap", never "click"; a tap presses;
// a hold then a drag moves the slider held. Captions never cover a grid and
// the worked equation wraps inside the screen. An exact value is typed in
// the box a slider's pencil (or a double-click on it) opens, with a mouse and
// with a finger.
// build/e2e/phone-tooltip.png is the phone with a tooltip open.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { animationFrames, launch, readyState, screenshot, serve, shots } from './harness.mjs';

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

// A phone page with its parallel DOM (which carries getTooltip and getTouch) loaded.
async function openPhone(fragment = '') {
  const opened = await openPage(`${server.url}/index.html#${fragment}`, { width: 390, height: 844, mobile: true });
  await opened.page.waitForFunction(() => document.getElementById('pdom')?.dataset.ready === '1');
  return opened;
}

// One finger, as Chromium's touch input (the page gets touchstart/move/end with real coordinates).
async function finger(page) {
  const cdp = await page.context().newCDPSession(page);
  const send = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  return {
    down: (x, y) => send('touchStart', [{ x, y, id: 1 }]),
    move: (x, y) => send('touchMove', [{ x, y, id: 1 }]),
    up: () => send('touchEnd', []),
    // A press held until the app calls it a long press (its own state, not a timer here).
    hold: async (x, y) => {
      await send('touchStart', [{ x, y, id: 1 }]);
      await page.waitForFunction(() => window.convplay.getTouch() === 'hold');
    },
    // Start and end sent back to back (not one awaited before the other), as a
    // finger's tap arrives: a loaded machine's round trip between the two
    // could outlast a long press.
    tap: (x, y) => Promise.all([send('touchStart', [{ x, y, id: 1 }]), send('touchEnd', [])]),
  };
}
const centre = (w) => [w.x + w.w / 2, w.y + w.h / 2];
const widget = (widgets, id) => { const w = widgets.find((x) => x.id === id); assert.ok(w, `${id} is drawn: ${widgets.map((x) => x.id)}`); return w; };
const inside = (r, width, height) => r.x >= 0 && r.y >= 0 && r.x + r.w <= width + 0.5 && r.y + r.h <= height + 0.5;
const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

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
        if (mobile) await (await finger(page)).tap(play.x + play.w / 2, play.y + play.h / 2);
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

test('phone: a drag on the controls panel scrolls it, pops no tooltip and moves no slider', async () => {
  const { page, problems, close } = await openPhone();
  try {
    const before = await settled(page);
    const k = widget(before, 'k');  // the kernel's slider row, mid-panel
    const state = await page.evaluate(() => JSON.stringify(window.convplay.getState()));
    const f = await finger(page);
    const [x, y] = centre(k);
    await Promise.all([f.down(x, y), f.move(x + 1, y - 20)]);  // moving at once, as a swipe does (no hold between)
    for (let i = 2; i <= 8; i++) await f.move(x + i, y - i * 20);
    await f.up();
    const after = await settled(page);
    assert.ok(k.y - widget(after, 'k').y > 100, `the panel scrolled with the finger: y ${k.y} -> ${widget(after, 'k').y}`);
    assert.equal(await page.evaluate(() => JSON.stringify(window.convplay.getState())), state, 'no control changed');
    assert.equal(await page.evaluate(() => window.convplay.getTooltip()), null, 'no tooltip');
    // A drag back down scrolls it back.
    const [x2, y2] = centre(widget(after, 'k'));
    await Promise.all([f.down(x2, y2), f.move(x2, y2 + 30)]);
    for (let i = 2; i <= 8; i++) await f.move(x2, y2 + i * 30);
    await f.up();
    assert.ok(Math.abs(widget(await settled(page), 'k').y - k.y) < 2, 'back where it was');
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('phone: a long press shows the tooltip inside the screen, saying "tap"; a tap presses and leaves no tooltip', async () => {
  const { page, problems, close } = await openPhone();
  try {
    const f = await finger(page);
    const widgets = await settled(page);
    const state = await page.evaluate(() => JSON.stringify(window.convplay.getState()));
    // The pencil at the right edge, the heatmap toggle, and the output's last cell (its tooltip says what a tap does).
    const out = widget(widgets, 'figure.output');
    const cols = await page.evaluate(() => window.convplay.getGeometry().output[1]);
    const lastCell = { x: out.x + out.w - out.w / cols, y: out.y, w: out.w / cols, h: out.w / cols };
    for (const [name, rect] of [['edit.k', widget(widgets, 'edit.k')], ['figure.hm', widget(widgets, 'figure.hm')], ['the last output cell', lastCell]]) {
      await f.hold(...centre(rect));
      const tip = await (await page.waitForFunction(() => window.convplay.getTooltip())).jsonValue();
      await f.up();
      assert.ok(inside(tip, 390, 844), `${name}: the tooltip is inside the screen: ${JSON.stringify(tip)}`);
      assert.doesNotMatch(tip.text, /click/i, `${name}: ${tip.text}`);
      if (name === 'the last output cell') {
        assert.match(tip.text, /^tap to pin/, tip.text);
        await animationFrames(page, 3);
        await screenshot(page, 'phone-tooltip');
      }
      assert.equal(await page.evaluate(() => JSON.stringify(window.convplay.getState())), state, `${name}: a long press changes nothing`);
      assert.equal(await page.evaluate(() => document.getElementById('cp-edit')), null, `${name}: no editor opened`);
    }
    // A tap on that cell pins it, and no tooltip is left behind.
    await f.tap(...centre(lastCell));
    await page.waitForFunction((c) => window.convplay.getState().pin === `0.${c - 1}`, cols);
    await settled(page);
    assert.equal(await page.evaluate(() => window.convplay.getTooltip()), null);
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('phone: a hold on a slider, then a drag, moves that slider (a deliberate drag)', async () => {
  const { page, problems, close } = await openPhone();
  try {
    const s = widget(await settled(page), 's');
    const f = await finger(page);
    const y = s.y + s.h / 2;
    await f.hold(s.x + 12, y);
    for (let i = 1; i <= 6; i++) await f.move(s.x + 12 + i * 25, y);
    await f.up();
    await page.waitForFunction(() => Number(window.convplay.getState().s || 1) > 1);
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('phone: captions never cover a grid; the worked equation wraps inside the screen and can be scrolled to', async () => {
  for (const fragment of ['', 'in=16&k=5&s=2', 'op=maxpool&in=9&k=3&s=2', 'op=tconv&in=4&s=2&p=0', 'in=5&k=4&p=2&d=2', 'in=12&k=3&s=3&p=1&cout=2']) {
    const { page, problems, close } = await openPhone(fragment);
    try {
      let widgets = await settled(page);
      const grids = widgets.filter((w) => /^figure\.(source|output|kernel)$/.test(w.id));
      const captions = widgets.filter((w) => w.id === 'caption');
      assert.ok(grids.length >= 2 && captions.length >= 2, `${fragment}: grids and captions drawn`);
      for (const c of captions) for (const g of grids)
        assert.ok(!overlap(c, g), `${fragment || 'default'}: a caption ${JSON.stringify(c)} covers ${g.id} ${JSON.stringify(g)}`);
      for (const c of captions) assert.ok(c.x >= 0 && c.x + c.w <= 390.5, `${fragment}: caption inside the screen ${JSON.stringify(c)}`);
      let notes = widgets.filter((w) => w.id === 'note');
      assert.ok(notes.length >= 1, `${fragment}: the notes under the figure`);
      for (const n of notes) assert.ok(n.x >= 0 && n.x + n.w <= 390.5, `${fragment}: a note runs off the screen ${JSON.stringify(n)}`);
      // The last note is on the screen, or a drag up on the figure brings it there.
      const last = () => notes[notes.length - 1];
      if (last().y + last().h > 844) {
        const f = await finger(page);
        const out = widget(widgets, 'figure.output');
        await Promise.all([f.down(20, out.y + 10), f.move(21, out.y - 30)]);
        for (let i = 2; i <= 10; i++) await f.move(22, out.y + 10 - i * 40);
        await f.up();
        widgets = await settled(page);
        notes = widgets.filter((w) => w.id === 'note');
      }
      assert.ok(last().y + last().h <= 844.5, `${fragment}: the worked equation can be read: ${JSON.stringify(last())}`);
      assert.deepEqual(problems, []);
    } finally { await close(); }
  }
});

test('an exact value, typed in the box a slider\'s pencil opens: with a mouse, and with a finger', async () => {
  const desk = await openPage(`${server.url}/index.html`, { width: 1280, height: 800 });
  try {
    const { page } = desk;
    const pencil = widget(await settled(page), 'edit.k');
    await page.mouse.click(...centre(pencil));
    await page.waitForFunction(() => document.getElementById('cp-edit')?.dataset.ready === '1');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cp-edit-input', 'the box has the focus');
    assert.equal(await page.evaluate(() => document.activeElement.value), '3');
    assert.equal(await page.evaluate(() => window.convplay.getState().k), undefined, 'opening it changes nothing');
    await page.keyboard.type('5x3');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.convplay.getState().k === '5x3');
    assert.equal(await page.evaluate(() => document.getElementById('cp-edit')), null, 'closed once set');
    // Out of range: said, and nothing set; Escape leaves.
    await page.mouse.click(...centre(widget(await settled(page), 'edit.s')));
    await page.waitForFunction(() => document.getElementById('cp-edit')?.dataset.ready === '1');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^Not a value here/.test(document.getElementById('cp-edit-help')?.textContent || ''));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('cp-edit'));
    assert.equal(await page.evaluate(() => window.convplay.getState().s), undefined);
    // A double-click on the slider itself opens the same box, and takes back
    // the jump its first click made (stride stays 1, the box says 1).
    const stride = widget(await settled(page), 'edit.s');
    // (Two clicks a frame apart, as a hand makes them: the app reads input once a frame.)
    await page.mouse.click(stride.x - 120, stride.y + stride.h / 2);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    await page.mouse.click(stride.x - 120, stride.y + stride.h / 2);
    await page.waitForFunction(() => document.getElementById('cp-edit')?.dataset.ready === '1');
    assert.equal(await page.evaluate(() => document.activeElement.value), '1', 'the value from before the first click');
    await page.evaluate(() => window.convplay.idle());
    assert.equal(await page.evaluate(() => window.convplay.getState().s), undefined, 'the slider did not keep the jump');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.convplay.getState().s === '3');
    assert.deepEqual(desk.problems, []);
  } finally { await desk.close(); }

  const phone = await openPhone();
  try {
    const { page } = phone;
    const f = await finger(page);
    await f.tap(...centre(widget(await settled(page), 'edit.s')));
    await page.waitForFunction(() => document.getElementById('cp-edit')?.dataset.ready === '1');
    const box = await page.evaluate(() => { const r = document.getElementById('cp-edit').getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
    assert.ok(inside(box, 390, 844), `the box is inside the screen: ${JSON.stringify(box)}`);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('inputmode')), 'text');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.convplay.getState().s === '2');
    assert.deepEqual(phone.problems, []);
  } finally { await phone.close(); }
});
