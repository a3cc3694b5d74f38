// Accessibility in real headless Chromium: axe-core (npm) finds zero WCAG 2.2
// A/AA violations on the full page and on examples/course.html at 1280x800
// and 390x844 in both colour schemes, on an embed and on a quiz; the parallel
// DOM says the figure cell by cell from the same scene the canvas draws; no
// element that takes the focus is invisible; prefers-reduced-motion stops
// autoplay; text grows with the browser's zoom to 200% and nothing is lost.
// Screenshots of the parallel DOM with a focused cell in build/e2e/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launch, readyState, root, screenshot, serve } from './harness.mjs';

const AXE = readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function openPage(url, { width = 1280, height = 800, dpr = 1, scheme = 'dark', reducedMotion = 'no-preference', mobile = false } = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, deviceScaleFactor: dpr, colorScheme: scheme, reducedMotion,
    hasTouch: mobile, isMobile: mobile,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

// The page ready and its parallel DOM built (web/a11y.js loads it after the first frame).
async function pdomReady(page) {
  assert.equal(await readyState(page), 'ready');
  await page.waitForFunction(() => document.getElementById('pdom')?.dataset.ready === '1');
}

// Every playground frame of the page ready (course.html loads its frames lazily: scroll each in first).
async function framesReady(page) {
  for (const handle of await page.$$('iframe')) {
    await handle.scrollIntoViewIfNeeded();
    const frame = await handle.contentFrame();
    assert.ok(frame, 'the iframe has a frame');
    await frame.waitForFunction(() => window.convplay && window.convplay.ready, null, { timeout: 30000 });
    await frame.evaluate(() => window.convplay.ready);
    await frame.waitForFunction(() => document.getElementById('pdom')?.dataset.ready === '1');
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

// axe over the page and every frame in it (axe reaches into frames it is loaded in).
async function axe(page) {
  for (const frame of page.frames()) await frame.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, iframes: true, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  }, TAGS);
}

const say = (violations) => violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');

for (const scheme of ['dark', 'light'])
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    test(`axe: zero violations on the full page, ${width}x${height}, ${scheme}`, async () => {
      const { page, problems, close } = await openPage(`${server.url}/index.html`, { width, height, scheme, mobile: width < 500 });
      try {
        await pdomReady(page);
        const v = await axe(page);
        assert.deepEqual(v, [], say(v));
        assert.deepEqual(problems, []);
      } finally { await close(); }
    });
    test(`axe: zero violations on examples/course.html with its frames, ${width}x${height}, ${scheme}`, async () => {
      const { page, problems, close } = await openPage(`${server.url}/examples/course.html`, { width, height, scheme, mobile: width < 500 });
      try {
        await framesReady(page);
        const v = await axe(page);
        assert.deepEqual(v, [], say(v));
        if (width === 1280) await screenshot(page, `a11y-course-${scheme}`);
        assert.deepEqual(problems, []);
      } finally { await close(); }
    });
  }

for (const [name, fragment] of [['an embed', 'embed=1&show=controls,steps,formula&lock=k'], ['a quiz', 'embed=1&quiz=1&show=formula'],
  ['an answered quiz', 'embed=1&quiz=fixed']])
  for (const scheme of ['dark', 'light'])
    test(`axe: zero violations on ${name}, ${scheme}`, async () => {
      const { page, problems, close } = await openPage(`${server.url}/index.html#${fragment}`, { width: 640, height: 480, scheme });
      try {
        await pdomReady(page);
        if (name === 'an answered quiz') {
          const g = await page.evaluate(() => window.convplay.getState());
          assert.equal(g.quiz, 'fixed');
          // Two wrong answers (tries=2): the retry's verdict and hint, then the answer with its formula.
          const first = await page.evaluate(() => window.convplay.answerQuiz(1, 1));
          assert.equal(first.retry, true);
          const v1 = await axe(page);
          assert.deepEqual(v1, [], say(v1));
          const quiz = await page.evaluate(() => window.convplay.answerQuiz(1, 1));
          assert.equal(quiz.answered, true);
        }
        const v = await axe(page);
        assert.deepEqual(v, [], say(v));
        assert.deepEqual(problems, []);
      } finally { await close(); }
    });

// Image mode: its picture, its maps and its own controls (picture, colours,
// output channel, colour scale) in the parallel DOM, checked closed and shown.
for (const scheme of ['dark', 'light'])
  test(`axe: zero violations on image mode, its parallel DOM's controls shown too, ${scheme}`, async () => {
    const { page, problems, close } = await openPage(`${server.url}/index.html#view=image&cout=2`, { width: 1280, height: 800, scheme });
    try {
      await pdomReady(page);
      await page.evaluate(() => window.convplay.idle());
      const keys = await page.evaluate(() => [...document.querySelectorAll('#pdom .pdom-controls .pdom-row')].map((r) => r.dataset.key));
      for (const key of ['view', 'img', 'cin', 'och', 'scale', 'k', 's', 'p']) assert.ok(keys.includes(key), `image mode's ${key} in the parallel DOM: ${keys}`);
      const v = await axe(page);
      assert.deepEqual(v, [], say(v));
      await page.evaluate(() => document.getElementById('pdom').classList.add('shown'));
      await page.evaluate(() => document.querySelector('#pdom .pdom-row[data-key="img"] select').focus());
      const shown = await axe(page);
      assert.deepEqual(shown, [], say(shown));
      await screenshot(page, `a11y-image-mode-${scheme}`);
      assert.deepEqual(problems, []);
    } finally { await close(); }
  });

test('the parallel DOM: heading, summary, controls with labels and units, the figure as grids whose cells say what they are', async () => {
  const { page, problems, close } = await openPage(`${server.url}/index.html#s=2`, { width: 1280, height: 800 });
  try {
    await pdomReady(page);
    const dom = await page.evaluate(() => ({
      h1: document.querySelector('#pdom h1')?.textContent,
      summary: document.getElementById('describe')?.textContent,
      ranges: [...document.querySelectorAll('#pdom input[type=range]')].map((i) => ({
        label: i.labels?.[0]?.textContent || document.getElementById(i.getAttribute('aria-labelledby').split(' ')[0])?.textContent,
        value: i.value, text: i.getAttribute('aria-valuetext') })),
      grids: [...document.querySelectorAll('#pdom [role=grid]')].map((g) => [g.dataset.grid, Number(g.getAttribute('aria-rowcount')), Number(g.getAttribute('aria-colcount'))]),
      formula: [...document.querySelectorAll('#pdom .pdom-formula p')].map((p) => p.textContent),
      buttons: [...document.querySelectorAll('#pdom .pdom-steps button')].map((b) => b.getAttribute('aria-label')),
    }));
    assert.ok(dom.h1 && dom.h1.length > 5, 'a heading');
    assert.match(dom.summary, /stride 2/);
    const stride = dom.ranges.find((r) => r.label === 'Stride');
    assert.deepEqual(stride && [stride.value, stride.text], ['2', '2 \u00d7 2 cells']);
    const geometry = await page.evaluate(() => window.convplay.getGeometry());
    // The grids are the scene's: the padded input and the output at their sizes.
    assert.deepEqual(dom.grids.find((g) => g[0] === 'source'), ['source', ...geometry.padded]);
    assert.deepEqual(dom.grids.find((g) => g[0] === 'output'), ['output', ...geometry.output]);
    assert.ok(dom.formula.some((l) => /4/.test(l)), `the formula names the output size: ${dom.formula}`);
    assert.deepEqual(dom.buttons, ['First step', 'Previous step', 'Play the step-through', 'Next step', 'Last step']);

    // A cell's words agree with the engine's values.
    const values = await page.evaluate(() => { const v = window.convplay.getValues(); return { w: v.output.shape[3], data: [...v.output.data] }; });
    const words = await page.evaluate(() => window.convplay.describeCell('output', 1, 2));
    const value = values.data[1 * values.w + 2];
    assert.ok(words.startsWith('output row 2, column 3: '), words);
    assert.ok(words.includes('from rows 3\u20135, columns 5\u20137 of the padded input'), words);
    assert.ok(Math.abs(parseFloat(words.split(': ')[1].replace('\u2212', '-')) - value) < 0.01, `${words} vs ${value}`);
    assert.match(await page.evaluate(() => window.convplay.describeCell('source', 0, 0)), /^input row 1, column 1: padding, 0, read by 1 window/);

    // Focus a cell: the panel shows, the ring sits on that cell of the canvas.
    await page.evaluate(() => document.querySelector('#pdom [data-grid=output] [role=gridcell]').focus());
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const focus = await page.evaluate(() => ({ label: document.activeElement.getAttribute('aria-label'), panel: document.getElementById('pdom').getBoundingClientRect().width }));
    assert.match(focus.label, /^output row 2, column 2: /);
    assert.ok(focus.panel > 200, 'the parallel DOM shows as a panel while it has the focus');
    // The ring follows the focus on the next animation frame after each key:
    // wait until it has reached the cell (or time out and report where it is).
    const ringAt = () => {
      const r = document.getElementById('pdom-ring').getBoundingClientRect();
      const fig = window.convplay.getWidgets().find((w) => w.id === 'figure.cells');
      const out = window.convplay.getScene().grids.find((g) => g.name === 'output');
      const at = { on: document.getElementById('pdom-ring').classList.contains('on'), x: r.x + r.width / 2, y: r.y + r.height / 2,
                   cx: fig.x + (out.x + 1.5) * fig.w, cy: fig.y + (out.y + 1.5) * fig.w };
      return at.on && Math.abs(at.x - at.cx) < 2 && Math.abs(at.y - at.cy) < 2 ? at : null;
    };
    await page.waitForFunction(ringAt, null, { timeout: 10000 }).catch(() => {});
    const ring = await page.evaluate(() => {
      const r = document.getElementById('pdom-ring').getBoundingClientRect();
      const fig = window.convplay.getWidgets().find((w) => w.id === 'figure.cells');
      const out = window.convplay.getScene().grids.find((g) => g.name === 'output');
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, cx: fig.x + (out.x + 1.5) * fig.w, cy: fig.y + (out.y + 1.5) * fig.w };
    });
    assert.ok(Math.abs(ring.x - ring.cx) < 2 && Math.abs(ring.y - ring.cy) < 2, `ring at the focused cell: ${JSON.stringify(ring)}`);
    await screenshot(page, 'a11y-focused-cell');
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('every element that takes the focus is visible when it has it (no hidden tab stop), in an embed too', async () => {
  for (const fragment of ['', 'embed=1&show=controls,steps']) {
    const { page, close } = await openPage(`${server.url}/index.html#${fragment}`, { width: 1280, height: 800 });
    try {
      await pdomReady(page);
      const seen = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return null;
          const r = a.getBoundingClientRect();
          const style = getComputedStyle(a);
          const visible = r.width >= 4 && r.height >= 4 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth
            && style.visibility !== 'hidden' && Number(style.opacity) > 0.1;
          return { what: a.id || a.getAttribute('aria-label') || a.tagName, visible };
        });
        if (!f) break;
        if (seen.length && seen[0].what === f.what) break;  // round the page once
        seen.push(f);
      }
      assert.ok(seen.length > 5, `tabbing reaches the controls: ${seen.map((s) => s.what)}`);
      const hidden = seen.filter((s) => !s.visible).map((s) => s.what);
      assert.deepEqual(hidden, [], `invisible tab stops in "${fragment}"`);
      assert.ok(!seen.some((s) => s.what === 'convplay-image-file'), 'the file input is no tab stop');
    } finally { await close(); }
  }
});

test('prefers-reduced-motion: autoplay does not start', async () => {
  const { page, close } = await openPage(`${server.url}/index.html#embed=1&autoplay=1`, { width: 640, height: 480, reducedMotion: 'reduce' });
  try {
    await pdomReady(page);
    await page.waitForFunction(() => document.getElementById('pdom')?.dataset.ready === '1');
    assert.notEqual(await page.evaluate(() => window.convplay.getState().play), '1');
  } finally { await close(); }
});

test('the parallel DOM rendered visibly, for people to look at (build/e2e/a11y-parallel-dom*.png)', async () => {
  for (const scheme of ['dark', 'light']) {
    const { page, close } = await openPage(`${server.url}/index.html#s=2`, { width: 1280, height: 800, scheme });
    try {
      await pdomReady(page);
      await page.evaluate(() => { const p = document.getElementById('pdom'); p.classList.add('shown'); });
      await page.evaluate(() => document.querySelector('#pdom input[type=range]').focus());
      await screenshot(page, `a11y-parallel-dom-${scheme}`);
      // Shown, its text and controls meet contrast too (axe skips clipped text).
      const v = await axe(page);
      assert.deepEqual(v, [], say(v));
    } finally { await close(); }
  }
});

test('course.html: tabbing into a frame below the fold brings that frame into view', async () => {
  const { page, close } = await openPage(`${server.url}/examples/course.html`, { width: 1280, height: 800 });
  try {
    await framesReady(page);
    let inside = null;
    for (let i = 0; i < 200 && !inside; i++) {
      await page.keyboard.press('Tab');
      inside = await page.evaluate(() => (document.activeElement?.id === 'stride-frame' ? 'stride-frame' : null));
    }
    assert.equal(inside, 'stride-frame', 'Tab reaches the second frame');
    await page.waitForFunction(() => {
      const r = document.getElementById('stride-frame').getBoundingClientRect();
      return r.top < innerHeight && r.bottom > 0;
    }, null, { timeout: 5000 });
  } finally { await close(); }
});

test('axe: zero violations with the exact-value box open (a slider\'s pencil), both themes', async () => {
  for (const scheme of ['dark', 'light']) {
    const { page, problems, close } = await openPage(`${server.url}/index.html`, { width: 1280, height: 800, scheme });
    try {
      await pdomReady(page);
      await page.evaluate(() => window.convplay.idle());
      const pencil = await page.evaluate(() => window.convplay.getWidgets().find((w) => w.id === 'edit.s'));
      assert.ok(pencil, 'the stride slider has its pencil');
      await page.mouse.click(pencil.x + pencil.w / 2, pencil.y + pencil.h / 2);
      await page.waitForFunction(() => document.getElementById('cp-edit')?.dataset.ready === '1');
      const v = await axe(page);
      assert.deepEqual(v, [], say(v));
      await screenshot(page, `exact-value-box-${scheme}`);
      assert.deepEqual(problems, []);
    } finally { await close(); }
  }
});

// WCAG 1.4.4: a 1280x800 window at 200% browser zoom is a 640x400 CSS px
// viewport at devicePixelRatio 2. The text must keep its CSS size (twice as
// large on screen), and nothing may be lost: the figure, reached by scrolling
// the page, keeps cells large enough for their numbers, with its toolbar.
test('200% browser zoom: the text doubles on screen and the figure keeps its numbers (build/e2e/zoom-200*.png)', async () => {
  const widget = (page, id) => page.evaluate((id) => window.convplay.getWidgets().find((w) => w.id === id), id);
  const at100 = await openPage(`${server.url}/index.html`, { width: 1280, height: 800, dpr: 1, scheme: 'light' });
  let tab100;
  try {
    await pdomReady(at100.page);
    await at100.page.evaluate(() => window.convplay.idle());
    tab100 = await widget(at100.page, 'tab.code');
  } finally { await at100.close(); }
  const { page, problems, close } = await openPage(`${server.url}/index.html`, { width: 640, height: 400, dpr: 2, scheme: 'light' });
  try {
    await pdomReady(page);
    await page.evaluate(() => window.convplay.idle());
    const tab = await widget(page, 'tab.code');
    assert.ok(Math.abs(tab.h - tab100.h) < 0.5 && Math.abs(tab.w - tab100.w) < 0.5,
              `the same CSS size at 200% (so twice the device pixels): ${JSON.stringify({ tab, tab100 })}`);
    assert.equal(await page.evaluate(() => document.getElementById('canvas').width), 1280, 'the backing store follows the ratio');
    await screenshot(page, 'zoom-200-top');
    // Scroll the page (the wheel over its header) until the output grid is on screen whole.
    const inView = (g) => g && g.y >= 0 && g.y + g.h <= 400;
    await page.mouse.move(320, 12);
    for (let i = 0; i < 30 && !inView(await widget(page, 'figure.output')); i++) {
      await page.mouse.wheel(0, 200);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    const output = await widget(page, 'figure.output'), cell = await widget(page, 'figure.cells');
    const play = await widget(page, 'figure.play');
    assert.ok(inView(output), `the output grid can be scrolled into view: ${JSON.stringify(output)}`);
    assert.ok(cell.w >= 18, `cells keep room for their numbers at 200% (${cell.w} CSS px)`);
    assert.ok(play && play.y >= 0 && play.y + play.h <= 400, `Play is on screen with the figure: ${JSON.stringify(play)}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling');
    await screenshot(page, 'zoom-200-figure');
    const v = await axe(page);
    assert.deepEqual(v, [], say(v));
    assert.deepEqual(problems, []);
  } finally { await close(); }
});
