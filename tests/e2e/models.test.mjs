// models.test.mjs — real models in the Stack tab, in real headless Chromium.
// Every golden model (tests/golden/models, written by scripts/goldens from
// PyTorch's forward hooks) is pasted through window.convplay.importCode, as a
// person pastes it, and window.convplay.getStack() (the Stack tab's table as
// data) is held to PyTorch: the convolutions it lists (side branches
// included) are the model's, and its totals are torchinfo's (parameters, Total
// mult-adds, the convolutions' share; the golden's "torchinfo", counted by
// torchinfo's own rules). code.test.mjs holds the paste's rows to the hooks;
// this file holds what the Stack tab shows.
//
// Screenshots of the Stack tab and the chain for resnet50 and the DCGAN
// generator go to build/e2e/models-<name>-<size>.png for people to look at.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { animationFrames, idle, launch, open, readyState, screenshot, serve } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const goldenDir = new URL('../golden/models/', import.meta.url);
const followed = ['alexnet', 'vgg16_bn', 'resnet18', 'resnet50', 'mobilenet_v2', 'efficientnet_b0', 'cifar_net',
  'dcgan_generator', 'unet_encoder'];
// Parallel branches concatenated (Inception, Fire): the chain ends at the first.
const concatenated = ['squeezenet1_0', 'googlenet'];

function load(name) {
  const golden = JSON.parse(readFileSync(new URL(`${name}.json`, goldenDir), 'utf8'));
  const printout = new URL(`${name}.txt`, goldenDir);
  const text = existsSync(printout)
    ? `x = torch.randn(${golden.input.join(', ')})\n${readFileSync(printout, 'utf8')}`
    : readFileSync(new URL(`${name}.py`, goldenDir), 'utf8');
  return { golden, text };
}

// Times each animation-frame callback (the app's whole frame: ImGui, the
// scene, GL submission) in the page, so a test can read what a frame costs.
function timeFrames() {
  const raf = window.requestAnimationFrame.bind(window);
  window.__frameMs = [];
  window.requestAnimationFrame = (cb) => raf((t) => {
    const start = performance.now();
    cb(t);
    window.__frameMs.push(performance.now() - start);
  });
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

test('every golden model: the Stack tab lists its convolutions and its totals are torchinfo\'s', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  for (const name of [...followed, ...concatenated]) {
    const { golden, text } = load(name);
    const result = await page.evaluate((t) => window.convplay.importCode(t), text);
    assert.equal(result.ok, true, `${name}: ${result.message}`);
    const stack = await page.evaluate(() => window.convplay.getStack());
    const info = golden.torchinfo;
    if (concatenated.includes(name)) {
      // Stopped at the first concat, with a notice; what is counted is part of the model.
      assert.ok(result.notices.some((n) => /parallel branches are not a chain/.test(n.text)), `${name}: notice`);
      assert.ok(stack.totals.params > 0 && stack.totals.params < info.params, `${name}: part of the model`);
      continue;
    }
    assert.equal(stack.stoppedAt, -1, `${name}: ${stack.warnings.join(' | ')}`);
    assert.ok(stack.branches.every((b) => b.ok), `${name}: ${JSON.stringify(stack.branches.filter((b) => !b.ok))}`);
    assert.equal(stack.totals.params, info.params, `${name}: parameters`);
    assert.equal(stack.totals.torchinfo.macs, info.macs, `${name}: torchinfo's Total mult-adds`);
    const convMacs = (info.macs_by_type.Conv2d ?? 0) + (info.macs_by_type.ConvTranspose2d ?? 0);
    assert.equal(stack.totals.torchinfo.convMacs, convMacs, `${name}: the convolutions' mult-adds`);
    const byKind = stack.totals.paramsByKind;
    assert.equal(byKind.conv + byKind.norm + byKind.linear, info.params, `${name}: parameters by kind add up`);
    // The convolutions, in order, main path and side branches: PyTorch's output shapes.
    const convs = golden.modules.filter(([, type]) => type === 'Conv2d' || type === 'ConvTranspose2d');
    const ours = stack.layers.filter((l) => l.kind === 'Conv2d' || l.kind === 'ConvTranspose2d');
    const sides = stack.branches.reduce((n, b) => n + b.layers.filter((l) => l.startsWith('conv ')).length, 0);
    assert.equal(ours.length + sides, convs.length, `${name}: convolutions`);
    const main = convs.filter(([path]) => !/downsample|shortcut|\.fc\d$|block\.\d+\.fc/.test(path));
    assert.deepEqual(ours.map((l) => l.out), main.map(([, , shape]) => shape), `${name}: the main path's conv shapes`);
  }
  assert.deepEqual(problems, []);
  await close();
});

test('resnet50 and the DCGAN generator: the Stack tab and the chain, at 1280x800 and 390x844', async () => {
  for (const [width, height, dpr] of [[1280, 800, 1], [390, 844, 3]]) {
    const { page, problems, close } = await open(browser, server.url, { width, height, dpr });
    assert.equal(await readyState(page), 'ready');
    for (const name of ['resnet50', 'dcgan_generator']) {
      const result = await page.evaluate((t) => window.convplay.importCode(t), load(name).text);
      assert.equal(result.ok, true, `${name}: ${result.message}`);
      await idle(page);
      await animationFrames(page);  // the tab's layout settled (a stacked page sizes its panel from the last frame)
      await idle(page);
      const stack = await page.evaluate(() => window.convplay.getStack());
      if (name === 'resnet50') assert.equal(stack.branches.length, 4, 'one downsample per stage');
      await screenshot(page, `models-${name}-${width}x${height}`);
      if (width < 720) {
        // A phone's panel has the table first and the chain of maps under it: scrolled to the end.
        await page.mouse.move(width - 25, 250);  // over the panel's own scrollbar, not the table's
        for (let i = 0; i < 8; ++i) { await page.mouse.wheel(0, 600); await animationFrames(page); }
        await page.mouse.move(2, height - 2);  // no tooltip in the picture
        await animationFrames(page);
        await idle(page);
        await screenshot(page, `models-${name}-${width}x${height}-chain`);
        await page.mouse.move(width - 25, 250);  // over the panel's own scrollbar, not the table's
        for (let i = 0; i < 8; ++i) { await page.mouse.wheel(0, -600); await animationFrames(page); }
        await idle(page);
      }
    }
    assert.deepEqual(problems, []);
    await close();
  }
});

// A measurement, not a timed test: it prints what a frame costs with few
// rows and with many, and only checks that the frames were drawn.
test('what a frame costs with 1, 170 and 1024 rows in the Stack tab (printed)', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1, init: timeFrames });
  assert.equal(await readyState(page), 'ready');
  const canvas = await page.locator('canvas').first().boundingBox();
  const measure = async (label) => {
    await idle(page);
    await page.evaluate(() => { window.__frameMs = []; });
    // Hovering the table's rows redraws a frame per move.
    for (let i = 0; i < 40; ++i) {
      await page.mouse.move(canvas.x + 200, canvas.y + 420 + (i % 20) * 12);
      await animationFrames(page, 1);
    }
    const ms = await page.evaluate(() => window.__frameMs);
    assert.ok(ms.length >= 20, `${label}: ${ms.length} frames`);
    console.log(`# frame (rAF callback) ${label}: median ${median(ms).toFixed(2)} ms, ` +
                `p90 ${[...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.9)].toFixed(2)} ms over ${ms.length} frames`);
  };
  await page.evaluate(() => window.convplay.importCode('x = torch.randn(1, 3, 32, 32)\nnn.Conv2d(3, 8, 3)'));
  await measure('1 row');
  await page.evaluate((t) => window.convplay.importCode(t), load('resnet50').text);
  await measure('resnet50 (173 rows)');
  await page.evaluate(() => window.convplay.setState('in=8&layers=1024'));
  await measure('1024 rows');
  assert.deepEqual(problems, []);
  await close();
});
