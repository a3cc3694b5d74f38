// The layer stack in real headless Chromium: every Networks preset opens from
// its URL fragment and window.convplay.getStack() (the Stack tab's table as
// data) holds PyTorch's per-layer output shapes and parameter counts
// (tests/golden/stacks.json, written by scripts/goldens from torch.nn
// modules), the totals add up, the stopped chain names its layer, and the
// page stays free of errors. Screenshots of each at 1280x800 and 390x844 go
// to build/e2e/stack-<id>-<size>.png for people to look at.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { animationFrames, idle, launch, open, readyState, root, screenshot, serve } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const golden = JSON.parse(readFileSync(path.join(root, 'tests/golden/stacks.json'), 'utf8'));

test('every Networks preset: the Stack table matches PyTorch, at both sizes', async () => {
  const desk = await open(browser, server.url);
  const phone = await open(browser, server.url, { width: 390, height: 844, dpr: 3 });
  for (const w of [desk, phone]) assert.equal(await readyState(w.page), 'ready');
  const presets = await desk.page.evaluate(() => window.convplay.presets());
  assert.ok(golden.cases.length >= 7);
  for (const c of golden.cases) {
    const preset = presets.find((p) => p.id === c.preset);
    assert.ok(preset, `preset ${c.preset} is in the menu`);
    for (const w of [desk, phone]) {
      await w.page.evaluate((f) => { location.hash = f; }, preset.fragment);
      await w.page.waitForFunction((id) => window.convplay.getState().preset === id, c.preset, { timeout: 30000 });
    }
    const stack = await desk.page.evaluate(() => window.convplay.getStack());
    assert.deepEqual(stack.input, c.input, `${c.preset}: input`);
    assert.equal(stack.layers.length, c.layers.length, `${c.preset}: layers`);
    let params = 0;
    let stopped = -1;
    c.layers.forEach((g, i) => {
      const row = stack.layers[i];
      if (g.out) {
        assert.ok(row.ok, `${c.preset} layer ${i + 1}: ${row.error}`);
        assert.deepEqual(row.out, g.out, `${c.preset} layer ${i + 1}: output C×H×W`);
        assert.equal(row.params, g.params, `${c.preset} layer ${i + 1}: parameters`);
        assert.ok(row.rf[0] >= 1 && row.macs > 0, `${c.preset} layer ${i + 1}: field and work`);
        params += row.params;
      } else {
        assert.equal(row.ok, false, `${c.preset} layer ${i + 1}: PyTorch refuses it`);
        if (stopped < 0) stopped = i;
      }
    });
    assert.equal(stack.totals.params, params, `${c.preset}: total parameters`);
    assert.equal(stack.stoppedAt, stopped, `${c.preset}: where the chain stops`);
    if (stopped >= 0) {
      assert.ok(stack.warnings.some((w) => w.startsWith(`layer ${stopped + 1} (`) && /stops the chain/.test(w)),
        `${c.preset}: a warning names layer ${stopped + 1}: ${stack.warnings.join(' | ')}`);
    }
    // The phone reads the same table.
    assert.deepEqual(await phone.page.evaluate(() => window.convplay.getStack()), stack);
    await Promise.all([idle(desk.page), idle(phone.page)]);  // both drawn, nothing pending
    await screenshot(desk.page, `stack-${c.preset}-1280x800`);
    await screenshot(phone.page, `stack-${c.preset}-390x844`);
  }
  // Textbook numbers the table must show.
  await desk.page.evaluate((f) => { location.hash = f; }, presets.find((p) => p.id === 'alexnet').fragment);
  await desk.page.waitForFunction(() => window.convplay.getState().preset === 'alexnet', null, { timeout: 30000 });
  const alex = await desk.page.evaluate(() => window.convplay.getStack());
  assert.deepEqual(alex.layers.map((l) => l.rf[0]), [11, 19, 51, 67, 99, 131, 163, 195]);
  assert.deepEqual(alex.layers.map((l) => l.jump[0]), ['4', '8', '8', '16', '16', '16', '16', '32']);
  await desk.page.evaluate((f) => { location.hash = f; }, presets.find((p) => p.id === 'unet-small').fragment);
  await desk.page.waitForFunction(() => window.convplay.getState().preset === 'unet-small', null, { timeout: 30000 });
  const unet = await desk.page.evaluate(() => window.convplay.getStack());
  assert.deepEqual(unet.layers.map((l) => l.jump[0]), ['1', '2', '2', '4', '4', '2', '2', '1']);
  assert.deepEqual(desk.problems, []);
  assert.deepEqual(phone.problems, []);
  await phone.close();
  await desk.close();
});

test('a stack edited through setState: layers added by link, a hostile stack bounded with notices', async () => {
  const { page, problems, close } = await open(browser, `${server.url}#in=8&layers=3&L1.op=maxpool&L1.k=2&L2.op=tconv&L2.k=2&L2.s=2`);
  assert.equal(await readyState(page), 'ready');
  let stack = await page.evaluate(() => window.convplay.getStack());
  assert.deepEqual(stack.layers.map((l) => l.out), [[1, 8, 8], [1, 4, 4], [1, 8, 8]]);
  assert.deepEqual(stack.layers[2].jump, ['1', '1']);
  // 1024 layers is the geometry bound (limits.h): past it, and a key past it, are notices.
  const notices = await page.evaluate(() => window.convplay.setState('layers=9999&L9999.k=5&L-1.s=2'));
  assert.ok(notices.length >= 3, JSON.stringify(notices));
  stack = await page.evaluate(() => window.convplay.getStack());
  assert.equal(stack.layers.length, 1024);
  assert.deepEqual(problems, []);
  await close();
});

test('the chain of maps above the figure: a box per map, pointing at a cell shows it in the figure, a click views the layer', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  const lenet = (await page.evaluate(() => window.convplay.presets())).find((p) => p.id === 'lenet-5');
  await page.evaluate((f) => { location.hash = f; }, lenet.fragment);
  await page.waitForFunction(() => window.convplay.getState().preset === 'lenet-5', null, { timeout: 30000 });
  await idle(page);  // the preset's layout has settled before the boxes are read
  const canvas = await page.locator('canvas').first().boundingBox();
  const widgets = async () => (await page.evaluate(() => window.convplay.getWidgets())).filter((w) => w.id.startsWith('chain.'));
  const boxes = await widgets();
  assert.deepEqual(boxes.map((w) => w.id).sort(), ['chain.0', 'chain.1', 'chain.2', 'chain.3', 'chain.4', 'chain.5']);
  // Bigger maps draw bigger: 32 > 28 > 14 > 10 > 5 > 1.
  const side = (id) => boxes.find((w) => w.id === id).w;
  for (let i = 0; i < 5; ++i) assert.ok(side(`chain.${i}`) > side(`chain.${i + 1}`), `chain.${i} is wider than chain.${i + 1}`);
  // Layer 1's output is 28×28: point at its cell (10, 20); the figure (viewing layer 1) shows that cell's window.
  const l1 = boxes.find((w) => w.id === 'chain.1');
  await page.mouse.move(canvas.x + l1.x + (20.5 / 28) * l1.w, canvas.y + l1.y + (10.5 / 28) * l1.h);
  await page.waitForFunction(() => JSON.stringify(window.convplay.getScene().current) === '[10,20]', null, { timeout: 10000 });
  // A click on the fourth map views layer 3 (0-based 2 in the link).
  const l3 = boxes.find((w) => w.id === 'chain.3');
  await page.mouse.click(canvas.x + l3.x + l3.w / 2, canvas.y + l3.y + l3.h / 2);
  await page.waitForFunction(() => window.convplay.getState().layer === '2', null, { timeout: 10000 });
  await page.mouse.move(canvas.x + 5, canvas.y + canvas.height - 5);
  await animationFrames(page);  // the move reached the app's loop
  await idle(page);  // and the hover's clearing is drawn
  await screenshot(page, 'stack-chain-lenet-1280x800');
  assert.deepEqual(problems, []);
  await close();
});
