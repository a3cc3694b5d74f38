// code.test.mjs — the Code panel's data in real Chromium: PyTorch lines pasted
// through window.convplay.importCode set the state (through the same codec and
// Sanitize as every edit) or say what they did not understand and change
// nothing; window.convplay.code() is the code of the state on screen, with the
// shape the page's own geometry shows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, readyState, serve } from './harness.mjs';

let server, browser, page, close;
before(async () => {
  server = await serve();
  browser = await launch();
  ({ page, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 }));
  assert.equal(await readyState(page), 'ready');
});
after(async () => { await close?.(); await browser?.close(); server?.close(); });

const importCode = (text) => page.evaluate((t) => window.convplay.importCode(t), text);
const getState = () => page.evaluate(() => window.convplay.getState());
const code = (kind) => page.evaluate((k) => window.convplay.code(k), kind);
const opening = 'x = torch.randn(1, 1, 7, 7)\nlayer = nn.Conv2d(1, 1, kernel_size=3, padding=1)';

// [line, the state's keys it sets (getState()), or a part of the message]
const cases = [
  ['nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)', { cin: '3', cout: '16', s: '2' }],
  ['torch.nn.MaxPool2d(2, ceil_mode=True)', { op: 'maxpool', k: '2', ceil: '1' }],
  ['nn.ConvTranspose2d(8, 4, (3, 5), stride=(2, 1), output_padding=1)',
    { op: 'tconv', cin: '8', cout: '4', k: '3x5', s: '2x1', opad: '1' }],
  ["layer = nn.Conv2d(1, 8, 3, padding='same', padding_mode='reflect', bias=False)", { cout: '8', p: 'same', pm: 'reflect' }],
  ['nn.Conv2d(4, 8, 3, dilation=2, groups=2)', { cin: '4', cout: '8', g: '2', d: '2', p: '0' }],
  ['nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False, divisor_override=3)',
    { op: 'avgpool', s: '2', p: '1', cip: '0', div: '3' }],
  ['x = torch.randn(1, 3, 32, 32)\nnn.Conv2d(3, 16, 5)', { in: '32', cin: '3', cout: '16', k: '5', p: '0' }],
  ['x = F.pad(x, (0, 1, 0, 1))\nnn.Conv2d(1, 1, 3, stride=2)', { s: '2', p: '0,1,0,1' }],
  ['nn.Conv2d(3, 16, kernel_size=abc)', 'kernel_size=abc: expected an integer or a tuple of two.'],
  ['nn.Conv2d(3, 16)', "missing its argument 'kernel_size'"],
  ['nn.Conv2d(3, 16, 3, foo=1)', "unexpected keyword argument 'foo'"],
  ['nn.Conv2d(3, 16, 3, padding=(1, 2, 1, 2))', 'for per-side padding put F.pad'],
  ["nn.ConvTranspose2d(3, 3, 3, padding_mode='reflect')", "supports only 'zeros'"],
  ['nn.Linear(10, 5)', 'did not understand nn.Linear(10, 5)'],
  ['nn.Conv2d(3, 16, 3', 'the code ends too early'],
  ['nn.Sequential(nn.Conv2d(3, 8, 3), nn.Conv2d(4, 16, 3))', 'in_channels is 4 but layer 1 (8 channels) feeds it'],
  ['', 'found no layer'],
];

test('pasted PyTorch lines set the state, or say what they did not understand and change nothing', async () => {
  for (const [line, expected] of cases) {
    const reset = await importCode(opening);
    assert.equal(reset.ok, true, reset.message);
    const before = await getState();
    assert.deepEqual(before, { v: '1' }, 'the opening line is the opening state');
    const result = await importCode(line);
    if (typeof expected === 'string') {
      assert.equal(result.ok, false, line);
      assert.ok(result.message.includes(expected), `${line}: ${result.message}`);
      assert.deepEqual(await getState(), before, `${line} changed the state`);
    } else {
      assert.equal(result.ok, true, `${line}: ${result.message}`);
      assert.match(result.message, /^Applied 1 layer: /);
      assert.deepEqual(await getState(), { v: '1', ...expected }, line);
      assert.deepEqual(result.state, { v: '1', ...expected }, line);
    }
  }
});

test('out-of-range values are repaired by Sanitize, with the notices the page shows', async () => {
  const result = await importCode('nn.Conv2d(100, 16, 3, stride=40)');
  assert.equal(result.ok, true);
  assert.ok(result.notices.some((n) => n.text === 'stride 40 is more than 8: set to 8.'), JSON.stringify(result.notices));
  assert.deepEqual(await page.evaluate(() => window.convplay.getNotices()), result.notices);
  assert.equal((await getState()).s, '8');
});

test('code() is the code of the state on screen: its layer and the shape the geometry shows', async () => {
  for (const line of ['nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)', 'nn.MaxPool2d(3, stride=2, ceil_mode=True)',
    'nn.ConvTranspose2d(1, 2, 3, stride=2, padding=1, output_padding=1)']) {
    assert.equal((await importCode(`x = torch.randn(1, ${line.includes('Conv2d(3') ? 3 : 1}, 9, 9)\n${line}`)).ok, true);
    const pytorch = await code('pytorch');
    const geometry = await page.evaluate(() => window.convplay.getGeometry());
    const channels = line.startsWith('nn.Conv2d') ? 16 : line.startsWith('nn.ConvTranspose2d') ? 2 : 1;
    assert.ok(pytorch.includes(`print(layer(x).shape)  # torch.Size([1, ${channels}, ${geometry.output[0]}, ${geometry.output[1]}])`),
              pytorch);
    // The line as written back: the same constructor, its defaults left out.
    assert.ok(pytorch.includes(`layer = ${line.replace('(3, 16, 3', '(3, 16, kernel_size=3').replace('(1, 2, 3', '(1, 2, kernel_size=3')}`),
              pytorch);
    // What code() returns, pasted back, is the same state.
    const state = await getState();
    assert.equal((await importCode(pytorch)).ok, true);
    assert.deepEqual(await getState(), state);
  }
  assert.ok((await code('keras')).length > 0);
  await importCode("nn.Conv2d(1, 1, 3, padding=1, padding_mode='reflect')");
  assert.match(await code('keras'), /^# no exact Keras equivalent: Keras has no reflect padding layer/i);
});

test('a pasted nn.Sequential is a stack, and its code is an nn.Sequential again', async () => {
  const result = await importCode(
    'model = nn.Sequential(\n  nn.Conv2d(3, 8, 3, padding=1),\n  nn.MaxPool2d(2),\n  nn.Conv2d(8, 16, 3),\n)\nx = torch.randn(1, 3, 12, 12)');
  assert.equal(result.ok, true, result.message);
  assert.equal(result.message, 'Applied 3 layers: Conv2d, MaxPool2d, Conv2d.');
  const pytorch = await code('pytorch');
  assert.ok(pytorch.includes('model = nn.Sequential(\n'), pytorch);
  assert.ok(pytorch.includes('print(model(x).shape)  # torch.Size([1, 16, 4, 4])'), pytorch);
  const keras = await code('keras');
  assert.ok(keras.includes('tf.keras.Sequential(['), keras);
});

test('the Code tab: Copy hands the page the code shown; Ctrl+V pastes the browser clipboard into the field, Apply applies it', async () => {
  // A page of its own; each control is clicked where the last frame drew it
  // (window.convplay.getWidgets()).
  const { page: p, close: done } = await open(browser, server.url + '#v=1', { width: 1280, height: 800, dpr: 1 });
  const click = async (id) => {
    let w;
    for (let i = 0; i < 50 && !w; ++i) {
      w = (await p.evaluate(() => window.convplay.getWidgets())).find((r) => r.id === id);
      if (!w) await p.waitForTimeout(100);
    }
    assert.ok(w, `the widget ${id} was drawn`);
    await p.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
  };
  try {
    assert.equal(await readyState(p), 'ready');
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await p.evaluate(() => {
      window.copied = [];
      window.addEventListener('convplay:copied', (e) => window.copied.push(e.detail));
    });
    await click('tab.code');
    await p.waitForTimeout(300);
    await click('code.copy.pytorch');
    await p.waitForFunction(() => window.copied.length > 0, null, { timeout: 10000 })
      .catch((e) => { throw new Error(`Copy: no 'convplay:copied' event: ${e.message}`); });
    const copied = await p.evaluate(() => window.copied[0]);
    assert.equal(copied.text, await p.evaluate(() => window.convplay.code('pytorch')));

    await p.evaluate(() => navigator.clipboard.writeText('nn.Sequential(\n  nn.Conv2d(1, 8, 3, padding=1),\n  nn.MaxPool2d(2),\n)'));
    await click('code.paste');
    await p.waitForTimeout(200);
    await p.keyboard.press('Control+V');
    await p.waitForTimeout(300);
    await click('code.apply');
    await p.waitForFunction(() => window.convplay.getState().cout === '8', null, { timeout: 10000 })
      .catch(async (e) => { throw new Error(`paste and Apply: state ${JSON.stringify(await p.evaluate(() => window.convplay.getState()))}: ${e.message}`); });
    assert.ok((await p.evaluate(() => window.convplay.code('pytorch'))).includes('nn.MaxPool2d(2),  # -> [1, 8, 3, 3]'));
  } finally {
    await done();
  }
});
