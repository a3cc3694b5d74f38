// The playground in real headless Chromium: every preset opens from its URL
// fragment with the engine's geometry and values, reloading a URL restores
// it, and every fragment of the hostile corpus leaves a working page with a
// notice. The engine module (dist/convplay-engine.mjs), loaded into the same
// page, is the independent check: it knows nothing of the app's state.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { distinctColours, idle, launch, open, readyState, root, screenshot, serve } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// The state's keys as the engine module's options (the codec's defaults per op).
function engineCall(state, values) {
  const size = (v, d) => (v === undefined ? d : v.includes('x') ? v.split('x').map(Number) : [Number(v), Number(v)]);
  const op = state.op || 'conv';
  const k = size(state.k, [3, 3]);
  const x = values.input;
  if (op === 'conv' || op === 'tconv') {
    let p = state.p;
    let padding;
    if (op === 'conv') {
      if (p === undefined) padding = [1, 1];
      else if (['same', 'valid', 'SAME'].includes(p)) padding = p;
      else if (p.includes(',')) { const [top, bottom, left, right] = p.split(',').map(Number); padding = { top, bottom, left, right }; }
      else padding = size(p);
    } else padding = size(p, [0, 0]);
    const opts = { stride: size(state.s, [1, 1]), padding, dilation: size(state.d, [1, 1]), groups: Number(state.g || 1) };
    if (op === 'conv') { opts.paddingMode = state.pm || 'zeros'; return ['conv2d', x, values.weights, opts]; }
    opts.outputPadding = size(state.opad, [0, 0]);
    return ['convTranspose2d', x, values.weights, opts];
  }
  const opts = { kernelSize: k, padding: size(state.p, [0, 0]), ceilMode: state.ceil === '1' };
  if (state.s !== undefined) opts.stride = size(state.s);
  if (op === 'maxpool') { opts.dilation = size(state.d, [1, 1]); return ['maxPool2d', x, opts]; }
  opts.countIncludePad = state.cip !== '0';
  if (state.div !== undefined && state.div !== 'none' && state.div !== '0') opts.divisorOverride = Number(state.div);
  return ['avgPool2d', x, opts];
}

// In the page: the app's geometry and values next to the engine module's.
async function compare(page) {
  return page.evaluate(async (callText) => {
    const engineCall = eval(`(${callText})`);  // eslint-disable-line no-eval
    const cp = window.__engine || (window.__engine = await (await import('./convplay-engine.mjs')).default());
    const state = window.convplay.getState();
    const geometry = window.convplay.getGeometry();
    const values = window.convplay.getValues();
    if (geometry.error) return { state, geometry };
    const [fn, ...args] = engineCall(state, values);
    const shapeFn = `${fn}OutputShape`;
    const shapeArgs = fn.startsWith('conv') ? [args[0].shape, args[1].shape, args[2]] : [args[0].shape, args[1]];
    const shape = cp[shapeFn](...shapeArgs);
    const y = cp[fn](...args);
    let maxDiff = 0;
    for (let i = 0; i < y.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(y.data[i] - values.output.data[i]));
    return { state, geometry, shape, outShape: values.output.shape, maxDiff, count: y.data.length };
  }, engineCall.toString());
}

test('every preset opens from its fragment with the engine\'s geometry and values, at both sizes', async () => {
  const { page, problems, close } = await open(browser, server.url);
  assert.equal(await readyState(page), 'ready');
  const presets = await page.evaluate(() => window.convplay.presets());
  assert.ok(presets.length >= 15, `${presets.length} presets`);
  const phone = await open(browser, server.url, { width: 390, height: 844, dpr: 3 });
  assert.equal(await readyState(phone.page), 'ready');
  // Stacks (layers=) have their own test, stack.test.mjs: the values compared
  // here are one layer's against that layer's keys.
  for (const preset of presets.filter((p) => !/(^|&)layers=/.test(p.fragment))) {
    for (const p of [page, phone.page]) {
      await p.evaluate((f) => { location.hash = f; }, preset.fragment);
      await p.waitForFunction((id) => window.convplay.getState().preset === id, preset.id, { timeout: 5000 });
    }
    const r = await compare(page);
    assert.equal(r.geometry.error, undefined, `${preset.id}: ${r.geometry.error}`);
    assert.deepEqual(r.geometry.output, [r.shape[2], r.shape[3]], `${preset.id}: output size`);
    assert.deepEqual(r.outShape, r.shape, `${preset.id}: output shape`);
    assert.ok(r.maxDiff <= 1e-4, `${preset.id}: values differ from the engine module by ${r.maxDiff}`);
    await Promise.all([idle(page), idle(phone.page)]);  // settled: drawn, nothing pending
    await screenshot(page, `preset-${preset.id}-1280x800`);
    await screenshot(phone.page, `preset-${preset.id}-390x844`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(phone.problems, []);
  await phone.close();
  await close();
});

test('a URL reproduces the view: change the state, the hash follows, a reload restores it', async () => {
  const { page, problems, close } = await open(browser, `${server.url}#op=conv&in=9x8&k=3&s=2&p=1,0,2,1&d=1`);
  assert.equal(await readyState(page), 'ready');
  await page.evaluate(() => window.convplay.setState({ pm: 'reflect', step: 5 }));
  await page.waitForFunction(() => /pm=reflect/.test(location.hash) && /step=5/.test(location.hash), null, { timeout: 5000 });
  const before = await compare(page);
  assert.ok(before.maxDiff <= 1e-4);
  await page.reload();
  assert.equal(await readyState(page), 'ready');
  const after = await compare(page);
  assert.deepEqual(after.geometry, before.geometry);
  assert.deepEqual(after.state, before.state);
  assert.deepEqual(problems, []);
  await close();
});

test('every fragment of the hostile corpus leaves a working page with a notice', async () => {
  const corpus = readFileSync(path.join(root, 'tests/codec/hostile.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.ok(corpus.length >= 200, `${corpus.length} fragments`);
  // A small canvas at DPR 1: each fragment redraws a few frames, and under
  // SwiftShader a frame's cost grows with its pixels.
  const { page, problems, close } = await open(browser, server.url, { width: 800, height: 600, dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  let withNotice = 0;
  for (const fragment of corpus) {
    // Through the same door as a link: the hash, read on hashchange.
    // The app's hashchange listener (added first) has applied it when ours runs.
    await page.evaluate((f) => new Promise((resolve) => {
      const next = new URL(location.href);
      next.hash = f;  // the same parser as location.hash's
      if (next.hash === location.hash) { resolve(); return; }  // the same hash again: no event, nothing new
      window.addEventListener('hashchange', () => resolve(), { once: true });
      location.hash = f;
    }), fragment);
    const notices = await page.evaluate(() => window.convplay.getNotices());
    if (notices.length > 0) withNotice++;
    const g = await page.evaluate(() => window.convplay.getGeometry());
    assert.ok(g.error === undefined ? g.output.every((n) => n >= 1) : typeof g.error === 'string', fragment);
  }
  assert.ok(withNotice >= corpus.length * 0.9, `${withNotice} of ${corpus.length} fragments raised a notice`);
  // Still alive and drawing after all of them.
  await page.evaluate(() => { location.hash = 'k=3&s=2'; });
  // Liveness, not speed: the corpus's last stacks may still be computing on a busy machine.
  await page.waitForFunction(() => window.convplay.getGeometry().output?.[0] === 4, null, { timeout: 20000 });
  const png = await screenshot(page, 'after-hostile-corpus');
  assert.ok(distinctColours(png) > 20);
  assert.equal(await page.$$eval('script:not([src])', (s) => s.length), 0, 'no script reached the DOM');
  assert.deepEqual(problems, []);
  await close();
});

// A model-sized figure (a 64×64 input padded to 66×66, cells of a few
// pixels) is drawn by rectangles of equal cells, and the backdrop's dots
// only around the panels (ui_figure.cpp DrawGrid, ui_backdrop.cpp): it must
// still read as the small figure does, every padding cell hatched, every
// input cell one flat colour inside its border, the dots all round.
test('a model-sized figure: every padding cell hatched, every input cell flat, the dots around the panels', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    await page.evaluate(() => window.convplay.setState({ op: 'conv', in: '64', k: '3', p: '1', s: '1', d: '1' }));
    await idle(page);
    const grid = await page.evaluate(() => window.convplay.getWidgets().find((w) => w.id === 'figure.source'));
    assert.ok(grid, 'the source grid is drawn');
    const cell = grid.w / 66;
    assert.ok(cell >= 4 && cell < 18, `cells of a few pixels, no numbers (${cell.toFixed(1)} px)`);
    const png = await screenshot(page, 'figure-model-sized', { x: 0, y: 0, width: 1280, height: 800 });
    const at = (x, y) => { const i = (y * png.width + x) * 4; return [png.data[i], png.data[i + 1], png.data[i + 2]]; };
    const dist = (a, b) => Math.max(...a.map((v, k) => Math.abs(v - b[k])));
    // The pixels well inside cell (r, c), clear of its border lines (whose
    // edges fall between pixels): two or three a side.
    const inside = (r, c) => {
      const out = [];
      for (let y = Math.ceil(grid.y + r * cell + 1.5); y < Math.floor(grid.y + (r + 1) * cell - 1.5); ++y)
        for (let x = Math.ceil(grid.x + c * cell + 1.5); x < Math.floor(grid.x + (c + 1) * cell - 1.5); ++x) out.push(at(x, y));
      return out;
    };
    const spread = (px) => Math.max(0, ...px.map((p) => dist(p, px[0])));
    // A flat cell's inside is one colour (spread 0); a hatched one's is not,
    // unless its few pixels fall between the lines (the lines, a third of a
    // cell apart, meet the pixel grid in the same phase every few cells).
    const sides = { top: [], bottom: [], left: [], right: [] };
    for (let i = 0; i < 66; ++i) sides.top.push([0, i]), sides.bottom.push([65, i]);
    for (let i = 1; i < 65; ++i) sides.left.push([i, 0]), sides.right.push([i, 65]);
    for (const [side, cells] of Object.entries(sides)) {
      const hatched = cells.filter(([r, c]) => spread(inside(r, c)) >= 5).length;
      assert.ok(hatched >= cells.length * 0.8, `the ${side} padding hatched: ${hatched} of ${cells.length} cells`);
    }
    const first = inside(10, 10)[0];
    const uneven = [];
    for (let r = 8; r < 65; r += 7) for (let c = 2; c < 64; ++c)  // (below the window; inside the input's frame)
      if (inside(r, c).some((p) => dist(p, first) > 3)) uneven.push([r, c]);
    assert.deepEqual(uneven, [], 'input cells not one flat colour');
    // Below the panels, a row of dots every 24 CSS pixels across the page.
    let dots = 0;
    for (let x = 0; x < 1280; x += 24) {
      const column = [];
      for (let y = 786; y < 800; ++y) for (let dx = -1; dx <= 1; ++dx) if (x + dx >= 0) column.push(at(x + dx, y));
      if (spread(column) >= 12) ++dots;
    }
    assert.ok(dots >= 45, `the backdrop's dots below the panels: ${dots} of 54`);
    assert.deepEqual(problems, []);
  } finally { await close(); }
});
