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
  ["layer = nn.Conv2d(1, 8, 3, padding='same', padding_mode='reflect', bias=False)", { cout: '8', p: 'same', pm: 'reflect', bias: '0' }],
  ['nn.Conv2d(4, 8, 3, dilation=2, groups=2)', { cin: '4', cout: '8', g: '2', d: '2', p: '0' }],
  ['nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False, divisor_override=3)',
    { op: 'avgpool', s: '2', p: '1', cip: '0', div: '3' }],
  ['x = torch.randn(1, 3, 32, 32)\nnn.Conv2d(3, 16, 5)', { in: '32', cin: '3', cout: '16', k: '5', p: '0' }],
  ['x = F.pad(x, (0, 1, 0, 1))\nnn.Conv2d(1, 1, 3, stride=2)', { s: '2', p: '0,1,0,1' }],
  ['nn.Conv2d(3, 16, kernel_size=abc)', 'kernel_size=abc: expected an integer or a tuple of two'],
  ['nn.Conv2d(3, 16)', "missing its argument 'kernel_size'"],
  ['nn.Conv2d(3, 16, 3, foo=1)', "unexpected keyword argument 'foo'"],
  ['nn.Conv2d(3, 16, 3, padding=(1, 2, 1, 2))', 'for per-side padding put F.pad'],
  ["nn.ConvTranspose2d(3, 3, 3, padding_mode='reflect')", "supports only 'zeros'"],
  ['nn.Linear(10, 5)', 'nn.Linear(10, 5): in_features is 10 but the map 1x7x7 has 49'],
  ['nn.Conv2d(3, 16, 3', 'the code ends too early'],
  // The first conv applies; the second stops the chain, and a notice says why.
  ['nn.Sequential(nn.Conv2d(3, 8, 3), nn.Conv2d(4, 16, 3))', { cin: '3', cout: '8', p: '0' }],
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
  // Only arithmetic bounds geometry (src/state/model/limits.h): a stride of 40
  // is a real value, kept; one past 2^24 is repaired with a notice.
  const kept = await importCode('nn.Conv2d(100, 16, 3, stride=40)');
  assert.equal(kept.ok, true);
  assert.equal((await getState()).s, '40');
  const result = await importCode('nn.Conv2d(100, 16, 3, stride=99999999)');
  assert.equal(result.ok, true);
  assert.ok(result.notices.some((n) => /stride 99999999 is more than 16777216/.test(n.text)), JSON.stringify(result.notices));
  assert.deepEqual(await page.evaluate(() => window.convplay.getNotices()), result.notices);
  assert.equal((await getState()).s, '16777216');
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
    await p.waitForFunction((want) => window.convplay.getWidgets().some((r) => r.id === want), id, { timeout: 10000 })
      .catch((e) => { throw new Error(`the widget ${id} was not drawn: ${e.message}`); });
    const w = (await p.evaluate(() => window.convplay.getWidgets())).find((r) => r.id === id);
    await p.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
  };
  // Frames, not time: ImGui takes a click or a key on the next frame.
  const frames = (n) => p.evaluate((count) => new Promise((resolve) => {
    const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
    step(count);
  }), n);
  try {
    assert.equal(await readyState(p), 'ready');
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await p.evaluate(() => {
      window.copied = [];
      window.addEventListener('convplay:copied', (e) => window.copied.push(e.detail));
    });
    await click('tab.code');
    await click('code.copy.pytorch');
    await p.waitForFunction(() => window.copied.length > 0, null, { timeout: 10000 })
      .catch((e) => { throw new Error(`Copy: no 'convplay:copied' event: ${e.message}`); });
    const copied = await p.evaluate(() => window.copied[0]);
    assert.equal(copied.text, await p.evaluate(() => window.convplay.code('pytorch')));

    await p.evaluate(() => navigator.clipboard.writeText('nn.Sequential(\n  nn.Conv2d(1, 8, 3, padding=1),\n  nn.MaxPool2d(2),\n)'));
    await click('code.paste');
    await frames(3);  // the field has the focus
    await p.keyboard.press('Control+V');
    await frames(3);  // the text reaches the field after the key-up (code.js)
    await click('code.apply');
    await p.waitForFunction(() => window.convplay.getState().cout === '8', null, { timeout: 10000 })
      .catch(async (e) => { throw new Error(`paste and Apply: state ${JSON.stringify(await p.evaluate(() => window.convplay.getState()))}: ${e.message}`); });
    assert.ok((await p.evaluate(() => window.convplay.code('pytorch'))).includes('nn.MaxPool2d(2),  # -> [1, 8, 3, 3]'));
  } finally {
    await done();
  }
});

test('the code tools module is not in the first load: the Code tab fetches it once, and shows the code when it arrives', async () => {
  const fetched = [];
  const beforeGoto = (pg) => pg.on('response', (r) => fetched.push(new URL(r.url()).pathname));
  const { page: p, close: done } = await open(browser, server.url + '#v=1', { width: 1280, height: 800, dpr: 1, beforeGoto });
  const tools = () => fetched.filter((f) => f.includes('convplay-tools'));
  const drawn = (id) => p.waitForFunction((want) => window.convplay.getWidgets().some((r) => r.id === want), id, { timeout: 20000 });
  try {
    assert.equal(await readyState(p), 'ready');
    await p.evaluate(() => window.convplay.idle());
    assert.deepEqual(tools(), [], 'fetched before first use');
    // The tab asks for the code; its Copy button is drawn once the code is there.
    await drawn('tab.code');
    const tab = (await p.evaluate(() => window.convplay.getWidgets())).find((r) => r.id === 'tab.code');
    await p.mouse.click(tab.x + tab.w / 2, tab.y + tab.h / 2);
    await drawn('code.copy.pytorch');
    assert.deepEqual(tools().sort(), ['/convplay-tools.mjs', '/convplay-tools.wasm']);
    // The page API uses the same module: nothing fetched again.
    assert.match(await p.evaluate(() => window.convplay.code('pytorch')), /nn\.Conv2d\(1, 1, kernel_size=3, padding=1\)/);
    assert.equal((await p.evaluate(() => window.convplay.importCode('nn.MaxPool2d(2)'))).ok, true);
    assert.equal(tools().length, 2);
  } finally {
    await done();
  }
});

// [SECTION] REAL MODELS: every golden model pasted as a person pastes it
// (tests/golden/models, written by scripts/goldens from PyTorch's forward
// hooks): the rows importCode reports give PyTorch's shapes and parameters.
const goldenDir = new URL('../golden/models/', import.meta.url);
const goldens = ['alexnet', 'vgg16_bn', 'resnet18', 'resnet50', 'mobilenet_v2', 'efficientnet_b0', 'squeezenet1_0',
  'googlenet', 'cifar_net', 'dcgan_generator', 'unet_encoder'];

test('every golden model pastes and gives PyTorch shapes and parameter totals', async () => {
  const fs = await import('node:fs');
  for (const name of goldens) {
    const golden = JSON.parse(fs.readFileSync(new URL(`${name}.json`, goldenDir), 'utf8'));
    const printout = new URL(`${name}.txt`, goldenDir);
    const text = fs.existsSync(printout)
      ? `x = torch.randn(${golden.input.join(', ')})\n${fs.readFileSync(printout, 'utf8')}`
      : fs.readFileSync(new URL(`${name}.py`, goldenDir), 'utf8');
    const result = await importCode(text);
    assert.equal(result.ok, true, `${name}: ${result.message}`);
    assert.equal(result.params, golden.params, `${name}: parameters`);
    const calls = new Map();
    for (const [path, , shape] of golden.modules) (calls.get(path) ?? calls.set(path, []).get(path)).push(shape);
    const seen = new Map();
    let compared = 0;
    for (const row of result.rows) {
      const shapes = calls.get(row.path);
      if (!shapes) continue;  // forward's own flatten: no module
      const k = seen.get(row.path) ?? 0;
      seen.set(row.path, k + 1);
      // A shape-keeping module may run several times (a Bottleneck's ReLU): one of its calls.
      const want = row.kind === 'pass' ? shapes.find((s) => JSON.stringify(s) === JSON.stringify(row.out)) ?? (row.side ? row.out : shapes[0])
        : shapes[k];
      if (!want) continue;
      assert.deepEqual(row.out, want, `${name}: ${row.path} (${row.type})`);
      compared += 1;
    }
    assert.ok(compared >= Math.min(golden.modules.length, 7), `${name}: ${compared} rows compared`);
    // The stack on screen starts where PyTorch does: the first layer's output.
    const stack = await page.evaluate(() => window.convplay.getStack());
    assert.ok(stack.layers.length > 0, `${name}: the stack has layers`);
    // (Until Sanitize's stack limits go, model's branch, a 572 input is clamped to 512: then the shapes differ by design.)
    const clamped = JSON.stringify(stack.input) !== JSON.stringify(golden.input.slice(1));
    if (stack.layers[0].ok && !clamped) assert.deepEqual(stack.layers[0].out, golden.modules[0][2], `${name}: the stack's first row`);
  }
});

test('a paste with a part not read applies the rest, and a notice names the part and its line', async () => {
  const result = await importCode('nn.Conv2d(1, 4, 3)\ny = x $ 2\nnn.MaxPool2d(2)\nnn.Frobnicate2d(4)\nnn.Conv2d(4, 4, 3)');
  assert.equal(result.ok, true, result.message);
  assert.match(result.message, /^Applied 2 layers: Conv2d, MaxPool2d\.$/);
  assert.ok(result.notices.some((n) => n.text.startsWith("line 2: did not understand '$'")), JSON.stringify(result.notices));
  assert.ok(result.notices.some((n) => n.text.startsWith('line 4: ') && n.text.includes('Frobnicate2d')), JSON.stringify(result.notices));
});
