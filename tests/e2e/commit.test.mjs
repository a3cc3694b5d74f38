// The one door (src/state/commit.h, src/app/app.h Commit) in real headless
// Chromium: the URL, setState and a host's postMessage raise the same
// notices for the same change; lock= holds on every path a student has
// (solver suggestions, figure clicks, the presets menu, pasted code, image
// mode's controls) while the host page may still set a locked key; an
// embed's caption stops naming a preset once the figure departs from it; and
// setState / importCode resolve once their change is drawn.
// Nothing here sleeps: it waits on the app's commits (convplay.shown), its
// idle signal, or animation frames.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { idle, launch, open, readyState, serve } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const notices = (list) => list.map((n) => `${n.field}: ${n.text}`).sort();

// The centre of a named widget (convplay.getWidgets), page coordinates.
// Waits until a frame has drawn it: a click that opens a menu is handled on
// the app's next frame, which idle() may not have reached yet.
async function widget(page, id) {
  const drawn = (id) => window.convplay.getWidgets().find((r) => r.id === id);
  const w = await page.waitForFunction(drawn, id, { timeout: 10000 }).then((h) => h.jsonValue(), () => null);
  assert.ok(w, `widget ${id} is drawn`);
  return { x: w.x + w.w / 2, y: w.y + w.h / 2, w };
}

// Everything the student did before this has been handled: a step key is a
// commit of its own, and the app takes input in order (one SDL queue).
async function fence(page) {
  const n = await page.evaluate(() => window.convplay.commitCount());
  await page.keyboard.press('ArrowRight');
  await page.evaluate((n) => window.convplay.shown(n + 1), n);
}

test('the URL, setState and postMessage raise the same notices for the same change', async () => {
  const change = 's=99999999&k=4&zz=1';  // a stride past 2^24 (geometry's only bound), an unknown key
  // A host page of our own at the server's origin (a page from elsewhere may
  // not frame a loopback server: Chromium's private network rules).
  const base = `${server.url}/index.html#v=1&embed=1`;
  const host = `<!doctype html><title>host</title>
    <iframe id="url" src="${base}&${change}" style="width:420px;height:300px"></iframe>
    <iframe id="api" src="${base}" style="width:420px;height:300px"></iframe>
    <iframe id="msg" src="${base}" style="width:420px;height:300px"></iframe>`;
  const { page, problems, close } = await open(browser, `${server.url}/host-of-three.html`, {
    width: 900, height: 700, dpr: 1,
    beforeGoto: (p) => p.route('**/host-of-three.html', (r) => r.fulfill({ contentType: 'text/html', body: host })),
  });
  try {
    // The host's load event waited for its frames' documents.
    const frame = async (id) => {
      const f = await (await page.$(`#${id}`)).contentFrame();
      assert.equal(await readyState(f), 'ready');
      return f;
    };
    const [byUrl, byApi, byMessage] = [await frame('url'), await frame('api'), await frame('msg')];

    const fromUrl = await byUrl.evaluate(() => window.convplay.getNotices());
    const fromApi = await byApi.evaluate((c) => window.convplay.setState(c), change);
    const fromMessage = await page.evaluate((c) => new Promise((resolve) => {
      const target = document.getElementById('msg').contentWindow;
      window.addEventListener('message', function answer(e) {
        if (e.source !== target || !e.data || e.data.type !== 'convplay:notices') return;
        window.removeEventListener('message', answer);
        resolve(e.data.notices);
      });
      target.postMessage({ type: 'convplay:set', state: c }, '*');
    }), change);

    assert.ok(notices(fromUrl).some((n) => /stride 99999999/.test(n)), JSON.stringify(fromUrl));
    assert.ok(notices(fromUrl).some((n) => /zz/.test(n)), JSON.stringify(fromUrl));
    assert.deepEqual(notices(fromApi), notices(fromUrl));
    assert.deepEqual(notices(fromMessage), notices(fromUrl));
    // ...and the same state and the same notices on screen.
    const state = (f) => f.evaluate(() => window.convplay.getState());
    assert.deepEqual(await state(byApi), await state(byUrl));
    assert.deepEqual(await state(byMessage), await state(byUrl));
    for (const f of [byApi, byMessage]) assert.deepEqual(notices(await f.evaluate(() => window.convplay.getNotices())), notices(fromUrl));
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('setState and importCode resolve once the change is drawn; convplay:frame says which commit', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1000, height: 700, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    const seen = await page.evaluate(async () => {
      const frames = [];
      window.addEventListener('convplay:frame', (e) => frames.push(e.detail.commit));
      const before = window.convplay.commitCount();
      const notices = await window.convplay.setState({ s: 2 });
      const afterSet = { count: window.convplay.commitCount(), frames: [...frames] };
      const result = await window.convplay.importCode('nn.Conv2d(1, 1, 5, stride=1, padding=2)');
      return { before, notices, afterSet, result, count: window.convplay.commitCount(), frames };
    });
    assert.deepEqual(seen.notices, []);
    assert.equal(seen.afterSet.count, seen.before + 1);
    assert.ok(seen.afterSet.frames.some((c) => c >= seen.before + 1), `a drawn frame showed the commit: ${seen.afterSet.frames}`);
    assert.equal(seen.result.ok, true);
    assert.equal(seen.result.state.k, '5');
    assert.ok(Math.max(...seen.frames) >= seen.count, `the paste was drawn: ${seen.frames}`);
    assert.match(await page.evaluate(() => window.convplay.exportSvg()), />output 7 × 7<\/text>/);
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('lock=: solver rows, figure clicks, pasted code and image controls cannot move a locked key; the host can', async () => {
  // course.html's situation: stride and padding locked, the solver open.
  const { page, problems, close } = await open(browser,
    `${server.url}/index.html#v=1&in=7&s=2&p=1&embed=1&show=controls,formula,notices&lock=s,p,x`, { width: 1100, height: 1400, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    await idle(page);
    const state = () => page.evaluate(() => window.convplay.getState());
    const before = await state();

    // Every solver suggestion: the ones that need s or p are disabled (and the
    // gate would refuse them whole); none may move s or p.
    const rows = (await page.evaluate(() => window.convplay.getWidgets())).filter((w) => w.id.startsWith('solve.'));
    assert.ok(rows.length >= 2, `solver rows: ${rows.map((r) => r.id)}`);
    for (const r of rows) {
      await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
      await fence(page);
      const now = await state();
      assert.equal(now.s, before.s, `${r.id} kept the stride`);
      assert.equal(now.p, before.p, `${r.id} kept the padding`);
    }

    // A click on an input cell (x locked): refused by the gate, which says why.
    const source = await widget(page, 'figure.source');
    await page.mouse.click(source.x, source.y);
    await fence(page);
    assert.equal((await state()).x, undefined, 'the value did not change');
    const refused = await page.evaluate(() => window.convplay.getNotices());
    assert.ok(refused.some((n) => n.field === 'lock' && /needs x/.test(n.text)), JSON.stringify(refused));

    // Pasted code is the student's too: refused whole, with why.
    const pasted = await page.evaluate(() => window.convplay.importCode('nn.Conv2d(1, 1, 3, stride=1, padding=2, dilation=2)'));
    assert.equal(pasted.ok, false);
    assert.match(pasted.message, /needs s and p/);
    assert.equal(pasted.state.s, before.s);
    assert.equal(pasted.state.d, before.d);

    // The host page may still set a locked key.
    assert.deepEqual(await page.evaluate(() => window.convplay.setState({ s: 1, p: 2 })), []);
    assert.equal((await state()).s, undefined);  // 1, the default
    assert.equal((await state()).p, '2');
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('lock=: the presets menu and image mode\'s controls are gated too', async () => {
  const { page, problems, close } = await open(browser, `${server.url}/index.html#v=1&in=7&s=2&lock=s,p,cin`, { width: 1280, height: 800, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    await idle(page);
    const state = () => page.evaluate(() => window.convplay.getState());
    const presets = await page.evaluate(() => window.convplay.presets());
    // A one-layer preset whose stride is not 2 (left out: the op's default).
    const moving = presets.find((p) => !/layers=/.test(p.fragment) && !/(^|&)s=2(&|$)/.test(p.fragment) && !/op=(max|avg)pool/.test(p.fragment));
    assert.ok(moving, 'a preset with another stride');
    const menu = await widget(page, 'presets');
    await page.mouse.click(menu.x, menu.y);
    await idle(page);
    const item = await widget(page, `preset.${moving.id}`);
    await page.mouse.click(item.x, item.y);
    await page.mouse.click(1200, 780);  // outside the menu (closing it), the canvas focused for the fence's key
    await fence(page);
    assert.equal((await state()).s, '2', `${moving.id} did not change the locked stride`);
    assert.notEqual((await state()).preset, moving.id);

    // Image mode: RGB would change cin, which is locked.
    await page.evaluate(() => window.convplay.setState({ view: 'image' }));
    await idle(page);
    const rgb = await widget(page, 'image.rgb');
    await page.mouse.click(rgb.x, rgb.y);
    await idle(page);
    await fence(page);
    assert.equal((await state()).cin, undefined, 'still one channel');
    assert.ok((await page.evaluate(() => window.convplay.getNotices())).some((n) => n.field === 'lock' && /cin/.test(n.text)));
    assert.deepEqual(problems, []);
  } finally { await close(); }
});

test('an embed\'s caption is the preset\'s title only while the figure is the preset\'s', async () => {
  const { page, problems, close } = await open(browser,
    `${server.url}/index.html#v=1&in=5&p=2&preset=full-padding&embed=1&show=controls`, { width: 800, height: 500, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    const title = (await page.evaluate(() => window.convplay.presets())).find((p) => p.id === 'full-padding').title;
    const caption = () => page.evaluate(() => window.convplay.getCaption());
    assert.equal(await caption(), title);
    await page.evaluate(() => window.convplay.setState({ s: 2 }));
    const changed = await caption();
    assert.notEqual(changed, title);
    assert.ok(!changed.includes(title), changed);
    assert.match(changed, /convolution, 5×5 input, kernel 3, stride 2, padding 2/);
    assert.match(changed, /changed/);
    await page.evaluate(() => window.convplay.setState({ s: 1 }));
    assert.equal(await caption(), title, 'back to the preset: its title again');
    assert.deepEqual(problems, []);
  } finally { await close(); }
});
