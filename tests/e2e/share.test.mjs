// share.test.mjs — the Share panel's page side in real headless Chromium:
// window.convplay.export('png' | 'svg' | 'gif') makes valid files that show
// the configuration on screen (decoded here: pngjs, omggif, the page's own
// XML parser), the link and embed code carry the state (and embed=1), and
// print media shows the figure instead of a blank canvas.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import omggif from 'omggif';
import { PNG } from 'pngjs';
import { distinctColours, launch, open, readyState, screenshot, serve } from './harness.mjs';

const { GifReader } = omggif;
let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// Exports `kind` in the page; resolves to { type, bytes (Buffer) } or { error }.
async function exported(page, kind) {
  const r = await page.evaluate(async (k) => {
    try {
      const blob = await window.convplay.export(k);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { type: blob.type, base64: btoa(binary) };
    } catch (e) { return { error: String(e && e.message) }; }
  }, kind);
  return r.error ? r : { type: r.type, bytes: Buffer.from(r.base64, 'base64') };
}

// What the page's own XML parser makes of an SVG text (no file is trusted blindly).
function parseSvg(page, text) {
  return page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror') ? doc.querySelector('parsererror').textContent : null,
      root: root.localName, ns: root.namespaceURI,
      width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')),
      viewBox: root.getAttribute('viewBox'),
      texts: [...doc.querySelectorAll('text')].map((n) => n.textContent),
      title: doc.querySelector('title') ? doc.querySelector('title').textContent : '',
      background: doc.querySelector('svg > rect') ? doc.querySelector('svg > rect').getAttribute('fill') : '',
      families: [...new Set([...doc.querySelectorAll('[font-family]')].map((n) => n.getAttribute('font-family')))],
      external: doc.querySelectorAll('image, script, style, foreignObject, [href]').length,
    };
  }, text);
}

const times = ' \u00d7 ';

test('PNG, SVG and GIF exports are valid files that show the configuration', { timeout: 240000 }, async () => {
  const dpr = 2;
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr });
  try {
    assert.equal(await readyState(page), 'ready');
    const notices = await page.evaluate(() => window.convplay.setState({ in: '9x9', k: 3, s: 2, theme: 'dark' }));
    assert.deepEqual(notices, []);
    const geometry = await page.evaluate(() => window.convplay.getGeometry());
    const [oh, ow] = geometry.output;
    assert.deepEqual([oh, ow], [5, 5]);  // (9 + 2 - 3) / 2 + 1, and checked against the engine below

    // SVG: well-formed, sized, scalable, self-contained, the sizes in its text, in the dark theme.
    const svg = await exported(page, 'svg');
    assert.equal(svg.error, undefined, svg.error);
    assert.equal(svg.type, 'image/svg+xml');
    const text = svg.bytes.toString('utf8');
    const doc = await parseSvg(page, text);
    assert.equal(doc.error, null);
    assert.equal(doc.root, 'svg');
    assert.equal(doc.ns, 'http://www.w3.org/2000/svg');
    assert.equal(doc.viewBox, `0 0 ${doc.width} ${doc.height}`);
    assert.ok(doc.width > 200 && doc.height > 100, `${doc.width} x ${doc.height}`);
    assert.equal(doc.external, 0);
    assert.ok(doc.families.length > 0 && doc.families.every((f) => /, (sans-serif|monospace)$/.test(f)), doc.families.join(' | '));
    assert.ok(doc.texts.includes(`input 9${times}9`), doc.texts.join(' | '));
    assert.ok(doc.texts.includes(`output ${oh}${times}${ow}`), doc.texts.join(' | '));
    assert.equal(doc.background, '#16181d');
    assert.match(doc.title, /9/);
    // The engine module, loaded beside the page, agrees on the output size.
    const shape = await page.evaluate(async () => {
      const cp = await (await import('./convplay-engine.mjs')).default();
      return cp.conv2dOutputShape([1, 1, 9, 9], [1, 1, 3, 3], { stride: 2, padding: 1 });
    });
    assert.deepEqual(shape.slice(2), [oh, ow]);

    // The light theme: the SVG follows it.
    await page.evaluate(() => window.convplay.setState({ theme: 'light' }));
    const light = await parseSvg(page, (await exported(page, 'svg')).bytes.toString('utf8'));
    assert.equal(light.background, '#ffffff');
    await page.evaluate(() => window.convplay.setState({ theme: 'dark' }));

    // PNG: the SVG's figure at the device pixel ratio, a real picture of it.
    const png = await exported(page, 'png');
    assert.equal(png.error, undefined, png.error);
    assert.equal(png.type, 'image/png');
    const image = PNG.sync.read(png.bytes);
    assert.equal(image.width, Math.round(doc.width * dpr));
    assert.equal(image.height, Math.round(doc.height * dpr));
    // The dark backdrop at a corner (within the canvas's colour rounding).
    const corner = [...image.data.subarray(0, 3)];
    assert.ok([0x16, 0x18, 0x1d].every((v, i) => Math.abs(v - corner[i]) <= 3), `corner ${corner}`);
    assert.ok(distinctColours(image) > 12, `only ${distinctColours(image)} colours`);

    // GIF: one frame per output step, every frame the same size, the window moving.
    const gif = await exported(page, 'gif');
    assert.equal(gif.error, undefined, gif.error);
    assert.equal(gif.type, 'image/gif');
    const reader = new GifReader(new Uint8Array(gif.bytes));
    assert.equal(reader.numFrames(), geometry.steps);
    assert.equal(geometry.steps, oh * ow);
    assert.ok(reader.width >= doc.width && reader.width <= 800, `gif ${reader.width} wide`);
    assert.ok(reader.height >= doc.height * 0.9 && reader.height <= 640, `gif ${reader.height} high`);
    const frame = (i) => {
      assert.equal(reader.frameInfo(i).width, reader.width);
      const rgba = new Uint8Array(reader.width * reader.height * 4);
      reader.decodeAndBlitFrameRGBA(i, rgba);
      return rgba;
    };
    const first = frame(0), second = frame(1), last = frame(reader.numFrames() - 1);
    assert.ok(reader.frameInfo(0).delay > 0);
    const differ = (a, b) => { let n = 0; for (let i = 0; i < a.length; i += 4) n += a[i] !== b[i] || a[i + 1] !== b[i + 1]; return n; };
    assert.ok(differ(first, second) > 50, 'step 2 looks like step 1');
    assert.ok(differ(first, last) > 50, 'the last step looks like the first');
    // Making it moved nothing on screen.
    assert.equal((await page.evaluate(() => window.convplay.getGeometry())).step, geometry.step);

    // Unknown kinds are refused, with a message saying what is known.
    const bad = await exported(page, 'jpeg');
    assert.match(bad.error, /unknown kind "jpeg".*'png', 'svg' or 'gif'/);
    assert.equal(problems.length, 0, problems.join('\n'));
  } finally { await close(); }
});

test('a GIF of many steps is capped at 60 frames and says so', { timeout: 240000 }, async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    await page.evaluate(() => window.convplay.setState({ in: '12', k: 3, s: 1 }));
    const steps = (await page.evaluate(() => window.convplay.getGeometry())).steps;
    assert.equal(steps, 144);
    const gif = await exported(page, 'gif');
    assert.equal(gif.error, undefined, gif.error);
    const reader = new GifReader(new Uint8Array(gif.bytes));
    assert.equal(reader.numFrames(), 60);
    assert.ok(reader.width <= 800 && reader.height <= 640);
    const notices = await page.evaluate(() => window.convplay.getNotices());
    assert.ok(notices.some((n) => n.field === 'GIF' && n.text.includes('60 of the 144 steps')), JSON.stringify(notices));
    // An invalid layer exports nothing, and says why.
    await page.evaluate(() => window.convplay.setState({ in: '3', k: 7, p: 0 }));
    const refused = await exported(page, 'png');
    assert.match(refused.error || '', /invalid/);
    assert.equal(problems.length, 0, problems.join('\n'));
  } finally { await close(); }
});

test('copy link and embed code carry the state; the embed code is a proper iframe', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 });
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    assert.equal(await readyState(page), 'ready');
    await page.evaluate(() => window.convplay.setState({ in: '9x9', k: 3, s: 2, p: 0 }));
    const state = await page.evaluate(() => window.convplay.getState());
    const copy = (what) => page.evaluate(async (w) => {
      const seen = new Promise((resolve) => window.addEventListener('convplay:copied', (e) => resolve(e.detail), { once: true }));
      const ok = await window.convplay.copyShare(w);
      const detail = await seen;
      return { ok, detail, clip: await navigator.clipboard.readText() };
    }, what);

    const link = await copy('link');
    assert.equal(link.ok, true);
    assert.equal(link.detail.text, link.clip);
    const url = new URL(link.clip);
    assert.equal(url.origin + url.pathname, new URL(server.url).origin + new URL(server.url).pathname);
    const keys = Object.fromEntries(url.hash.slice(1).split('&').map((p) => p.split('=')));
    assert.equal(keys.in, '9');  // the codec writes 9x9 as 9
    assert.equal(keys.s, '2');
    assert.equal(keys.p, '0');
    assert.deepEqual(keys, state);
    assert.equal(keys.embed, undefined);

    const embed = await copy('embed');
    assert.equal(embed.detail.text, embed.clip);
    const iframe = await page.evaluate((html) => {
      const t = document.createElement('template');
      t.innerHTML = html;
      const f = t.content.firstElementChild;
      return { tag: f.localName, count: t.content.childElementCount,
               attrs: Object.fromEntries([...f.attributes].map((a) => [a.name, a.value])) };
    }, embed.clip);
    assert.equal(iframe.tag, 'iframe');
    assert.equal(iframe.count, 1);
    assert.equal(iframe.attrs.width, '100%');
    assert.ok(Number(iframe.attrs.height) >= 400);
    assert.equal(iframe.attrs.loading, 'lazy');
    assert.equal(iframe.attrs.allow, 'fullscreen; clipboard-write');
    assert.match(iframe.attrs.style, /border:\s*0/);
    assert.match(iframe.attrs.title, /convolution.*9\u00d79.*stride 2.*padding 0/);
    const src = new URL(iframe.attrs.src);
    const srcKeys = Object.fromEntries(src.hash.slice(1).split('&').map((p) => p.split('=')));
    assert.equal(srcKeys.embed, '1');
    delete srcKeys.embed;
    assert.deepEqual(srcKeys, state);

    // The plain link for hosts that strip iframes opens the same view.
    const plain = await copy('html-link');
    const a = await page.evaluate((html) => {
      const t = document.createElement('template');
      t.innerHTML = html;
      const el = t.content.firstElementChild;
      return { tag: el.localName, href: el.getAttribute('href'), text: el.textContent };
    }, plain.clip);
    assert.equal(a.tag, 'a');
    assert.equal(a.href, link.clip);
    assert.match(a.text, /convplay/);
    assert.match(await page.evaluate(() => window.convplay.copyShare('tweet').catch((e) => e.message)), /unknown "tweet"/);
    assert.equal(problems.length, 0, problems.join('\n'));
  } finally { await close(); }
});

test('print media shows the figure, not a blank canvas', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    await page.evaluate(() => window.convplay.setState({ in: '9x9', k: 3, s: 2, theme: 'dark' }));
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => document.querySelector('#print-figure svg'));
    const shown = await page.evaluate(() => {
      const fig = document.getElementById('print-figure');
      const box = fig.querySelector('svg').getBoundingClientRect();
      return {
        stage: getComputedStyle(document.getElementById('stage')).display,
        figure: getComputedStyle(fig).display,
        box: [box.width, box.height],
        texts: [...fig.querySelectorAll('text')].map((t) => t.textContent),
        caption: fig.querySelector('p').textContent,
        link: fig.querySelector('p.link').textContent,
      };
    });
    assert.equal(shown.stage, 'none');
    assert.equal(shown.figure, 'block');
    assert.ok(shown.box[0] > 600 && shown.box[1] > 200, `figure ${shown.box}`);
    assert.ok(shown.texts.includes(`input 9${times}9`), shown.texts.join(' | '));
    assert.match(shown.caption, /9/);
    assert.match(shown.link, /#v=1&in=9/);
    // What the printer gets: the figure in the light palette (paper), plenty of it drawn.
    const shot = await screenshot(page, 'share-print');
    assert.ok(distinctColours(shot) > 12, `only ${distinctColours(shot)} colours`);
    assert.ok([...shot.data.subarray(0, 3)].every((v) => v >= 250), `corner ${[...shot.data.subarray(0, 3)]}`);
    // And a real print to PDF has a page with it.
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 5000, `pdf of ${pdf.length} bytes`);
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('print-figure')).display), 'none');
    assert.equal(problems.length, 0, problems.join('\n'));
  } finally { await close(); }
});

test('a copy the browser refuses says so in the notices, and the page goes on', async () => {
  const { page, problems, close } = await open(browser, server.url, { width: 1280, height: 800, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    const result = await page.evaluate(async () => {
      // No clipboard permission and no execCommand fallback, as in a locked-down iframe.
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
      document.execCommand = () => false;
      const ok = await window.convplay.copyShare('link');
      return { ok, notices: window.convplay.getNotices() };
    });
    assert.equal(result.ok, false);
    assert.ok(result.notices.some((n) => n.field === 'copy' && /did not let the page copy/.test(n.text)), JSON.stringify(result.notices));
    assert.equal((await page.evaluate(() => window.convplay.setState({ k: 5 }))).length, 0);
    assert.equal((await page.evaluate(() => window.convplay.getState())).k, '5');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('titles and links come from the app: each op\'s own defaults, embed keys only in the embed link', async () => {
  const { page, problems, close } = await open(browser,
    `${server.url}#v=1&op=maxpool&k=2&in=8&show=formula&lock=k&quiz=1&origin=https://a.example&autoheight=1`, { width: 1000, height: 700, dpr: 1 });
  try {
    assert.equal(await readyState(page), 'ready');
    const links = await page.evaluate(() => window.convplay.shareLinks());
    // A pool's stride is its kernel and its padding 0 (the codec's defaults, not conv's).
    const iframe = /title="([^"]*)"/.exec(links.embedCode)[1];
    assert.equal(iframe, 'convplay: max pool, 8\u00d78 input, kernel 2, stride 2, padding 0');
    assert.match(links.htmlLink, /max pool, 8\u00d78 input/);
    const keys = (url) => Object.fromEntries(new URL(url).hash.slice(1).split('&').map((p) => p.split('=')));
    const plain = keys(links.link), embed = keys(links.embed);
    for (const k of ['show', 'lock', 'quiz', 'origin', 'autoheight', 'embed']) assert.equal(plain[k], undefined, `the link drops ${k}`);
    assert.equal(embed.embed, '1');
    assert.equal(embed.show, 'formula');
    assert.equal(embed.lock, 'k');
    assert.equal(embed.quiz, '1');
    assert.equal(embed.origin, undefined);
    assert.equal(embed.autoheight, undefined);
    assert.equal(plain.op, 'maxpool');
    assert.equal(embed.k, '2');
    assert.deepEqual(problems, []);
  } finally { await close(); }
});
