// links.test.mjs — a shared link reproduces a pasted real model, in real
// Chromium: resnet18's printout (tests/golden/models) pasted through
// window.convplay.importCode, the page's own link read from the address bar
// once it shows the state (idle()), and a fresh page opened on that link
// shows the same state and the same Stack rows, pass-through layers
// (BatchNorm2d, ReLU), the pool, the flatten and the classifier included, and
// its side branches (the downsamples, branches= and B<j>. keys).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { idle, launch, open, readyState, serve } from './harness.mjs';

let server, browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); server?.close(); });

const goldenDir = new URL('../golden/models/', import.meta.url);
const printout = (name) => {
  const golden = JSON.parse(readFileSync(new URL(`${name}.json`, goldenDir), 'utf8'));
  return { golden, text: `x = torch.randn(${golden.input.join(', ')})\n${readFileSync(new URL(`${name}.txt`, goldenDir), 'utf8')}` };
};

// What a page shows of the model: its state keys and its Stack rows.
const shown = (page) => page.evaluate(() => ({
  state: window.convplay.getState(),
  stack: window.convplay.getStack(),
  link: location.hash.replace(/^#/, ''),
}));

test('a pasted resnet18 printout travels whole in the page link', async () => {
  const { golden, text } = printout('resnet18');
  const first = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 });
  try {
    assert.equal(await readyState(first.page), 'ready');
    const result = await first.page.evaluate((t) => window.convplay.importCode(t), text);
    assert.equal(result.ok, true, result.message);
    await idle(first.page);  // the address bar shows the state
    const pasted = await shown(first.page);
    assert.ok(pasted.link.includes('L1.op=BatchNorm2d'), `the link names the norm: ${pasted.link.slice(0, 200)}`);
    assert.ok(/L\d+\.op=linear/.test(pasted.link), 'the link carries the classifier');
    // The three downsamples (layer2..4) travel as side branches: branches=3, B<j>. keys.
    assert.ok(/&branches=3&B0\.from=\d+&B0\.join=\d+&B0\.path=layer2\.0\.downsample&/.test(pasted.link), 'the link carries the downsamples');
    assert.equal(pasted.stack.branches.length, 3);
    const kinds = new Set(pasted.stack.layers.map((row) => row.kind));
    assert.ok(pasted.stack.layers.length > 40, `${pasted.stack.layers.length} rows on screen`);

    const second = await open(browser, `${server.url}#${pasted.link}`, { width: 1280, height: 800, dpr: 1 });
    try {
      assert.equal(await readyState(second.page), 'ready');
      await idle(second.page);
      const opened = await shown(second.page);
      assert.deepEqual(opened.state, pasted.state);
      assert.deepEqual(opened.stack, pasted.stack);
      assert.ok(opened.stack.branches.every((b) => b.ok), JSON.stringify(opened.stack.branches.filter((b) => !b.ok)));
      assert.equal(opened.link, pasted.link);
      // Nothing in the link needed a repair (the work cap's notice on values may stand: it is not the link's).
      const notices = await second.page.evaluate(() => window.convplay.getNotices());
      assert.deepEqual(notices.filter((n) => n.field === 'link' || n.field.startsWith('layer') || n.field.startsWith('side branch')), [], JSON.stringify(notices));
      assert.deepEqual(second.problems, []);
    } finally { await second.close(); }
    // The classifier's 1000 features, as PyTorch's last module (fc) gives them.
    const last = pasted.stack.layers[pasted.stack.layers.length - 1];
    assert.equal(last.kind, 'Linear');
    assert.equal(last.out[last.out.length - 1], golden.modules[golden.modules.length - 1][2][0]);
    assert.ok(kinds.has('BatchNorm2d') && kinds.has('ReLU'), `pass-through rows: ${[...kinds].join(', ')}`);
    assert.deepEqual(first.problems, []);
  } finally { await first.close(); }
});
