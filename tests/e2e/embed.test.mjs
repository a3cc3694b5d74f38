// Embedding in real headless Chromium: dist/examples/course.html's five
// frames open as their links say; the postMessage API works both ways and
// only with the parent (and only its origin= origin); autoheight posts both
// hosts' formats; lock=s,p holds against drags, clicks and keys on the drawn
// controls; the quiz hides the output until answered, judges right and
// wrong, and New question draws another layer; a reloaded frame is the same
// figure. Screenshots of the course page and a 320x240 embed in build/e2e/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { animationFrames, idle, launch, open, screenshot, serve } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// Resolves once fn(arg) holds in `target` (a page or a frame), checked at
// each of its animation frames: events, not a sleep; `what` names a timeout.
const until = (target, fn, arg, what, timeout = 8000) =>
  target.waitForFunction(fn, arg, { polling: 'raf', timeout }).catch((e) => { throw new Error(`waiting for ${what}: ${e.message}`); });

// Counts the messages a frame receives, after its own listener (embed.js,
// added first) has handled each: a message it ignored has been seen once the
// count passes it.
const probeMessages = (frame) => frame.evaluate(() => {
  window.__seen = 0;
  window.addEventListener('message', () => { window.__seen++; });
});

// The iframe element's frame, scrolled into view (lazy frames load then), once its playground is ready.
async function frameOf(page, id) {
  const el = await page.$(`#${id}`);
  await el.scrollIntoViewIfNeeded();
  const frame = await el.contentFrame();
  await frame.waitForURL(/index\.html/, { waitUntil: 'load', timeout: 20000 });
  await until(frame, () => !!(window.convplay && window.convplay.getState), null, `#${id} ready`, 20000);
  await frame.evaluate(() => window.convplay.ready);
  return { el, frame };
}

// The centre of a named widget (api.getWidgets) in page coordinates.
async function widgetCentre(el, frame, id) {
  const box = await el.boundingBox();
  const w = (await frame.evaluate(() => window.convplay.getWidgets())).find((r) => r.id === id);
  assert.ok(w, `widget ${id} is drawn`);
  return { x: box.x + w.x + w.w / 2, y: box.y + w.y + w.h / 2, w };
}

// Records every message the host page receives (before its own scripts run).
const recordMessages = () => {
  window.__messages = [];
  window.addEventListener('message', (e) => window.__messages.push({ data: e.data, from: ([...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source) || {}).id }));
};

test('course page: every frame as its link says, postMessage both ways, parent only, autoheight in both formats', async () => {
  const { page, problems, close } = await open(browser, `${server.url}/examples/course.html`, { width: 1280, height: 800, dpr: 1, init: recordMessages });
  try {
    const pad = await frameOf(page, 'pad-frame');
    const stride = await frameOf(page, 'stride-frame');
    const tconv = await frameOf(page, 'tconv-frame');
    const quiz = await frameOf(page, 'quiz-frame');
    const driven = await frameOf(page, 'driven-frame');
    const state = (f) => f.frame.evaluate(() => window.convplay.getState());

    const s1 = await state(pad);
    assert.equal(s1.in, '5'); assert.equal(s1.p, '2'); assert.equal(s1.embed, '1'); assert.equal(s1.show, 'controls');
    assert.ok(s1.lock.split(',').includes('s'));
    const s2 = await state(stride);
    assert.equal(s2.s, '2'); assert.equal(s2.autoplay, '1'); assert.equal(s2.preset, 'padding-strides');
    assert.equal((await state(tconv)).op, 'tconv');
    assert.equal((await state(quiz)).quiz, '1');
    assert.equal((await state(driven)).lock, 's,p');

    // Host buttons -> frame state -> state message -> host readout.
    await page.click('#driver button[data-key="s"][data-value="3"]');
    await until(driven.frame, () => window.convplay.getState().s === '3', null, 'stride 3 in the frame');
    await until(page, () => document.getElementById('readout').textContent.includes('stride 3'), null, 'the readout');
    await page.click('#driver button[data-key="p"][data-value="0"]');
    await until(driven.frame, () => window.convplay.getState().p === '0', null, 'padding 0 in the frame');
    await until(page, () => document.getElementById('readout').textContent.includes('padding 0'), null, 'the readout');
    const received = await page.evaluate(() => window.__messages);
    assert.ok(received.some((m) => m.from === 'driven-frame' && m.data.type === 'convplay:ready'), 'ready arrives');
    assert.ok(received.some((m) => m.from === 'driven-frame' && m.data.type === 'convplay:state' && m.data.state.s === '3'));

    // A sibling frame (not the parent) is ignored.
    await probeMessages(driven.frame);
    await pad.frame.evaluate(() => parent.document.getElementById('driven-frame').contentWindow.postMessage({ type: 'convplay:set', state: { s: 1, k: 5 } }, '*'));
    // ...and so is a popup the page opened.
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.evaluate(() => { window.open('about:blank'); })]);
    await popup.evaluate(() => opener.document.getElementById('driven-frame').contentWindow.postMessage({ type: 'convplay:set', state: { s: 2 } }, '*'));
    await popup.close();
    // Both messages have arrived (and were handled) once the probe counted them.
    await until(driven.frame, () => window.__seen >= 2, null, 'the two messages to arrive');
    const after = await state(driven);
    assert.equal(after.s, '3', 'a sibling frame cannot set the state');
    assert.equal(after.k, undefined);

    // autoheight=1: both hosts' formats, as JSON strings, with the same height.
    const heights = (await page.evaluate(() => window.__messages)).filter((m) => m.from === 'pad-frame' && typeof m.data === 'string').map((m) => JSON.parse(m.data));
    const lti = heights.filter((d) => d.subject === 'lti.frameResize');
    const embedly = heights.filter((d) => d.context === 'iframe.resize');
    assert.ok(lti.length >= 1 && embedly.length >= 1, 'both resize formats arrive');
    assert.ok(lti.at(-1).height >= 240 && lti.at(-1).height === embedly.at(-1).height);
    assert.ok(embedly.at(-1).src.includes('index.html#'));
    // The course page applied it.
    const applied = await page.evaluate(() => document.getElementById('pad-frame').getBoundingClientRect().height);
    assert.ok(Math.abs(applied - Math.min(1400, embedly.at(-1).height)) <= 2, `frame height ${applied}`);

    // Settled before each shot: the page has scrolled or resized (its frames'
    // resize events come before the next animation frame), and every frame
    // that does not play has drawn what it needs (the autoplaying one never rests).
    const settled = async () => {
      await animationFrames(page, 2);
      for (const f of [pad, tconv, quiz, driven]) await idle(f.frame);
    };
    await page.evaluate(() => window.scrollTo(0, 0));
    await settled();
    await screenshot(page, 'embed-course-1280x800');
    await page.setViewportSize({ width: 390, height: 844 });
    await settled();
    await screenshot(page, 'embed-course-390x844');
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('lock=s,p: drags, clicks and keys on the drawn stride and padding change nothing; the kernel still moves', async () => {
  const { page, close } = await open(browser, `${server.url}/examples/course.html#drive`, { width: 1280, height: 800, dpr: 1 });
  try {
    const driven = await frameOf(page, 'driven-frame');
    const state = () => driven.frame.evaluate(() => window.convplay.getState());
    const before = await state();
    for (const key of ['s', 'p']) {
      const c = await widgetCentre(driven.el, driven.frame, key);
      await page.mouse.move(c.x, c.y);
      await page.mouse.down();
      await page.mouse.move(c.x + c.w.w / 2 - 4, c.y, { steps: 6 });
      await page.mouse.up();
      await page.mouse.click(c.x + c.w.w / 2 - 8, c.y);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowLeft');
    }
    // The same drag on the unlocked kernel slider does change it (the drag
    // itself works). The app takes input in order, so once the kernel has
    // moved, every drag, click and key above has been handled.
    const k = await widgetCentre(driven.el, driven.frame, 'k');
    await page.mouse.move(k.x, k.y);
    await page.mouse.down();
    await page.mouse.move(k.x + k.w.w / 2 - 4, k.y, { steps: 6 });
    await page.mouse.up();
    await until(driven.frame, (k) => window.convplay.getState().k !== k, before.k, 'the kernel to change');
    const now = await state();
    assert.equal(now.s, before.s);
    assert.equal(now.p, before.p);
  } finally { await close(); }
});

test('origin= restricts messages to that origin; a reloaded frame is the same figure', async () => {
  const { page, close } = await open(browser, `${server.url}/examples/course.html`, { width: 1000, height: 800, dpr: 1, init: recordMessages });
  try {
    const here = new URL(server.url).origin;
    const other = here.replace('127.0.0.1', 'localhost');
    const add = (id, origin) => page.evaluate(([id, origin]) => {
      const f = document.createElement('iframe');
      f.id = id;
      f.style.cssText = 'width:480px;height:360px';
      f.src = `../index.html#v=1&in=6&embed=1&origin=${encodeURIComponent(origin)}`;
      document.querySelector('main').prepend(f);
    }, [id, origin]);
    await add('mine', here);
    await add('theirs', other);
    const mine = await frameOf(page, 'mine');
    const theirs = await frameOf(page, 'theirs');
    await probeMessages(theirs.frame);
    const send = (id) => page.evaluate((id) => document.getElementById(id).contentWindow.postMessage({ type: 'convplay:set', state: 's=2' }, '*'), id);
    await send('mine');
    await send('theirs');
    await until(mine.frame, () => window.convplay.getState().s === '2', null, 'the matching origin to be obeyed');
    await until(theirs.frame, () => window.__seen >= 1, null, 'the message to reach the other frame');
    assert.equal((await theirs.frame.evaluate(() => window.convplay.getState())).s, undefined, 'another origin is ignored');
    // The frame with another origin= posts only to that origin: this page hears nothing from it.
    assert.ok((await page.evaluate(() => window.__messages)).some((m) => m.from === 'mine'));
    assert.equal((await page.evaluate(() => window.__messages)).filter((m) => m.from === 'theirs').length, 0);

    // Navigate the frame away and back: the same state (it lives in the URL,
    // written once the change has settled: idle() resolves then).
    const stateOf = (f) => f.evaluate(() => window.convplay.getState());
    await mine.frame.evaluate(() => window.convplay.idle());
    const before = await stateOf(mine.frame);
    await mine.frame.goto(`${server.url}/examples/course.html`);
    await page.evaluate(() => document.getElementById('mine').contentWindow.history.back());
    const back = await frameOf(page, 'mine');
    assert.deepEqual(await stateOf(back.frame), before);
    // Remove and re-add the iframe (a slide deck): its link's figure again.
    const src = await page.evaluate(() => document.getElementById('mine').src);
    await page.evaluate(() => document.getElementById('mine').remove());
    await page.evaluate((src) => { const f = document.createElement('iframe'); f.id = 'mine'; f.style.cssText = 'width:480px;height:360px'; f.src = src; document.querySelector('main').prepend(f); }, src);
    const readded = await frameOf(page, 'mine');
    const again = await stateOf(readded.frame);
    assert.equal(again.in, '6');
    assert.equal(again.embed, '1');
  } finally { await close(); }
});

test('quiz: the output is hidden until answered, right and wrong answers are judged, New question draws another', async () => {
  const { page, problems, close } = await open(browser, `${server.url}/index.html#v=1&in=7&s=2&embed=1&quiz=1&tries=1`, { width: 800, height: 500, dpr: 1 });  // tries=1: one wrong answer shows the answer (tries: keyboard.test.mjs)
  try {
    await page.evaluate(() => window.convplay.ready);
    const scene = () => page.evaluate(() => window.convplay.getScene());
    const describe = () => page.evaluate(() => document.getElementById('describe').textContent);
    const hidden = await scene();
    assert.equal(hidden.grids.find((g) => g.name === 'output'), undefined);
    assert.ok(!JSON.stringify(hidden).includes('4 × 4'));
    await until(page, () => document.getElementById('describe').textContent.includes('Quiz'), null, 'the description');
    assert.ok(!(await describe()).includes('4×4'));
    assert.ok(!(await page.evaluate(() => window.convplay.exportSvg())).includes('4 × 4'));

    // Where the answer boxes are once the layout has settled: a new question's
    // text can wrap differently, and a frame drawn on a loaded machine may still
    // show the boxes where the last layout had them.
    const settledWidgets = async () => {
      let last = '';
      for (let i = 0; i < 40; ++i) {
        const now = await page.evaluate(async () => {
          for (let f = 0; f < 2; ++f) await new Promise((r) => requestAnimationFrame(r));
          return JSON.stringify(window.convplay.getWidgets());
        });
        if (now === last && now.includes('"quiz.h"')) return JSON.parse(now);
        last = now;
      }
      throw new Error(`the quiz's boxes did not settle: ${last}`);
    };
    const answer = async (h, w) => {
      const widgets = await settledWidgets();
      const at = (id) => { const r = widgets.find((x) => x.id === id); assert.ok(r, id); return [r.x + r.w / 2, r.y + r.h / 2]; };
      // Two frames between a click and the keys: a box that a click makes active
      // takes characters from the next frame on (keys in the same frame are lost).
      const frames = () => page.evaluate(async () => {
        for (let f = 0; f < 2; ++f) await new Promise((r) => requestAnimationFrame(r));
      });
      await page.mouse.click(...at('quiz.h'));
      await frames();
      await page.keyboard.type(String(h));
      await page.mouse.click(...at('quiz.w'));
      await frames();
      await page.keyboard.type(String(w));
      await frames();
      await page.mouse.click(...at('quiz.check'));
    };
    await answer(5, 5);
    await until(page, () => document.getElementById('describe').textContent.includes('not quite, you said 5×5'), null, 'the wrong verdict');
    const shown = await scene();
    const out = shown.grids.find((g) => g.name === 'output');
    assert.ok(out && out.rows === 4 && out.cols === 4, 'answered: the output is shown');
    assert.ok(!(await page.evaluate(() => location.hash)).includes('quiz_'), 'the answer is not in the link');

    // New question: another configuration, hidden again; its own answer is right.
    const before = await page.evaluate(() => window.convplay.getState());
    const widgets = await page.evaluate(() => window.convplay.getWidgets());
    const nq = widgets.find((x) => x.id === 'quiz.new');
    await page.mouse.click(nq.x + nq.w / 2, nq.y + nq.h / 2);
    await until(page, () => window.convplay.getState().qseed === '1', null, 'qseed 1');
    const next = await page.evaluate(() => window.convplay.getState());
    assert.notDeepEqual({ ...next, qseed: 0 }, { ...before, qseed: 0 }, 'a new configuration');
    assert.equal((await scene()).grids.find((g) => g.name === 'output'), undefined);
    const geometry = await page.evaluate(() => window.convplay.getGeometry());
    await answer(geometry.output[0], geometry.output[1]);
    await until(page, () => document.getElementById('describe').textContent.startsWith('Quiz: right'), null, 'the right verdict');
    await screenshot(page, 'embed-quiz-answered-800x500');
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('embeds fit 320x240, 480x360 and 800x500', async () => {
  for (const [w, h] of [[320, 240], [480, 360], [800, 500]]) {
    const { page, problems, close } = await open(browser, `${server.url}/index.html#v=1&in=5&p=2&preset=full-padding&embed=1&show=controls,formula&lock=s`, { width: w, height: h, dpr: 2 });
    try {
      await page.evaluate(() => window.convplay.ready);
      await idle(page);  // the layout has settled
      // Every toolbar button inside the frame.
      const widgets = await page.evaluate(() => window.convplay.getWidgets());
      for (const r of widgets.filter((x) => x.id.startsWith('embed.'))) assert.ok(r.x >= 0 && r.x + r.w <= w + 0.5, `${r.id} fits ${w}`);
      await screenshot(page, `embed-${w}x${h}`);
      assert.deepEqual(problems, []);
    } finally { await close(); }
  }
});
