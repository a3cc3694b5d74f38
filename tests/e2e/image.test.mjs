// Image mode in real headless Chromium: the sample picture and a user's file
// (through the page's file input) run through the layer, the feature map equal
// to the engine module (dist/convplay-engine.mjs) run in node on the same
// pixels, the map actually drawn on the canvas in the colormap's colours, a
// big picture brought down to 1024 with a notice, a corrupt file refused with
// a message while the picture stays, and a link that names the sender's own
// picture falling back to the sample. Screenshots at 1280x800 and 390x844
// land in build/e2e/image-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { dist, launch, open, readyState, screenshot, serve } from './harness.mjs';

let server, browser, engine;
before(async () => {
  server = await serve();
  browser = await launch();
  const createEngine = (await import(path.join(dist, 'convplay-engine.mjs'))).default;
  engine = await createEngine();
});
after(async () => { await browser?.close(); server?.close(); });

// The page's image run, once it has one (the first frame in image mode computes it).
async function imageOf(page) {
  await page.waitForFunction(() => { const v = window.convplay.getImage(); return v.layers && v.rects.output[2] > 0; });
  // Floats cross as base64 of their bytes: playwright's own serialisation of
  // a million numbers takes about a minute.
  const v = await page.evaluate(() => {
    const v = window.convplay.getImage();
    const packed = (t) => {
      if (!t) return t;
      const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return { shape: t.shape, data: btoa(s) };
    };
    return { ...v, input: packed(v.input), padded: packed(v.padded), output: packed(v.output),
             layers: v.layers.map((l) => ({ ...l, output: packed(l.output) })) };
  });
  const unpack = (t) => {
    if (!t) return t;
    const b = Buffer.from(t.data, 'base64');
    return { shape: t.shape, data: new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4) };
  };
  return { ...v, input: unpack(v.input), padded: unpack(v.padded), output: unpack(v.output),
           layers: v.layers.map((l) => ({ ...l, output: unpack(l.output) })) };
}

const tensor = (t) => ({ shape: t.shape, data: Float32Array.from(t.data) });
function maxDiff(a, b) {
  assert.deepEqual(a.shape, b.shape);
  let d = 0;
  for (let i = 0; i < a.data.length; ++i) d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
  return d;
}

// A 3x3 preset as the weights of a conv with cin input channels and one output: grid / cin per channel.
function presetWeights(grid, cin) {
  const data = new Float32Array(cin * 9);
  for (let c = 0; c < cin; ++c) for (let i = 0; i < 9; ++i) data[c * 9 + i] = grid[i] / cin;
  return { shape: [1, cin, 3, 3], data };
}

function pngBytes(w, h, pixel) {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; ++y)
    for (let x = 0; x < w; ++x) {
      const [r, g, b] = pixel(y, x);
      const i = (y * w + x) * 4;
      png.data[i] = r; png.data[i + 1] = g; png.data[i + 2] = b; png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

async function loadFile(page, name, buffer, mimeType = 'image/png') {
  const done = page.evaluate(() => new Promise((resolve) =>
    window.addEventListener('convplay:image', (e) => resolve(e.detail), { once: true })));
  await page.setInputFiles('#convplay-image-file', { name, mimeType, buffer });
  return done;
}

test('the sample picture: the Sobel x map is the engine module\'s conv on the same pixels, and is drawn', async () => {
  const { page, problems, close } = await open(browser, `${server.url}#view=image&cin=3&kp=sobelx`, { dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  const v = await imageOf(page);
  assert.match(v.caption, /test card/);
  assert.deepEqual(v.input.shape, [1, 3, 512, 512]);
  const want = engine.conv2d(tensor(v.input), presetWeights([-1, 0, 1, -2, 0, 2, -1, 0, 1], 3), { padding: 1 });
  assert.ok(maxDiff(tensor(v.output), want) < 1e-4);
  assert.ok(v.layers[0].diverging, 'an edge map is signed: the diverging colormap');
  await screenshot(page, 'image-sobel-1280x800');

  // Identity on RGB: the map is the picture's grey level. Find a flat patch
  // (a colour block) and read the canvas there: the colormap's colour.
  await page.evaluate(() => window.convplay.setState({ kp: 'identity' }));
  await page.waitForFunction(() => window.convplay.getImage().layers?.[0].diverging === false);
  const id = await imageOf(page);
  const out = id.output, [, , H, W] = out.shape;
  const at = (y, x) => out.data[y * W + x];
  const r = 10;
  let spot = null;
  for (let y = r; y < H - r && !spot; y += 4)
    for (let x = r; x < W - r && !spot; x += 4) {
      const v0 = at(y, x);
      if (v0 < id.layers[0].lo + 0.2 * (id.layers[0].hi - id.layers[0].lo)) continue;
      if (v0 > id.layers[0].hi - 0.2 * (id.layers[0].hi - id.layers[0].lo)) continue;
      let flat = true;
      for (let dy = -r; dy <= r && flat; ++dy) for (let dx = -r; dx <= r && flat; ++dx) flat = at(y + dy, x + dx) === v0;
      if (flat) spot = [y, x];
    }
  assert.ok(spot, 'the card has a flat mid-grey patch');
  const [sy, sx] = spot;
  const [rx, ry, rw, rh] = id.rects.output;
  const px = Math.floor(rx + ((sx + 0.5) * rw) / W), py = Math.floor(ry + ((sy + 0.5) * rh) / H);
  const png = await screenshot(page, 'image-identity-probe', { x: px - 1, y: py - 1, width: 3, height: 3 });
  const drawn = [png.data[16], png.data[17], png.data[18]];  // the middle pixel
  const expected = await page.evaluate(([value, lo, hi]) => window.convplay.colormap(value, lo, hi, false),
                                       [at(sy, sx), id.layers[0].lo, id.layers[0].hi]);
  for (let c = 0; c < 3; ++c) assert.ok(Math.abs(drawn[c] - expected[c]) <= 6, `drawn ${drawn} vs colormap ${expected}`);
  assert.deepEqual(problems, []);
  await close();
});

test('a user\'s file through the file input: its pixels, the map, no picture in the link; big ones are brought down', async () => {
  const { page, problems, close } = await open(browser, `${server.url}#view=image&cin=3&kp=gauss&s=2`, { dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  await imageOf(page);
  const w = 40, h = 30;
  const pixel = (y, x) => [x * 6, y * 8, (x * y) % 256];
  const result = await loadFile(page, 'gradient.png', pngBytes(w, h, pixel));
  assert.equal(result.ok, true, result.message);
  const v = await imageOf(page);
  assert.match(v.caption, /gradient\.png/);
  assert.deepEqual(v.input.shape, [1, 3, h, w]);
  for (let y = 0; y < h; ++y)
    for (let x = 0; x < w; ++x)
      for (let c = 0; c < 3; ++c)
        assert.ok(Math.abs(v.input.data[(c * h + y) * w + x] - pixel(y, x)[c] / 255) < 1e-6);
  const gauss = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((g) => g / 16);
  const want = engine.conv2d(tensor(v.input), presetWeights(gauss, 3), { padding: 1, stride: 2 });
  assert.ok(maxDiff(tensor(v.output), want) < 1e-5);
  // The link says a picture of one's own was shown, but does not carry it.
  const state = await page.evaluate(() => window.convplay.getState());
  assert.equal(state.img, 'own');
  await page.waitForFunction(() => location.hash.includes('img=own'));
  assert.ok((await page.evaluate(() => location.hash)).length < 200);

  // A big picture: brought down to 1024 on its long side, with a notice.
  const big = await loadFile(page, 'wide.png', pngBytes(2000, 300, (y, x) => [x % 256, y % 256, 128]));
  assert.equal(big.ok, true);
  assert.match(big.message, /2000\u00d7300 pixels: shown at 1024\u00d7154/);
  const b = await imageOf(page);
  assert.deepEqual(b.input.shape, [1, 3, 154, 1024]);
  const notices = await page.evaluate(() => window.convplay.getNotices());
  assert.ok(notices.some((n) => /shown at 1024/.test(n.text)));

  // Grey: one channel, the luma.
  await page.evaluate(() => window.convplay.setState({ cin: 1 }));
  await page.waitForFunction(() => window.convplay.getImage().input?.shape[1] === 1);
  assert.deepEqual(problems, []);
  await close();
});

test('a corrupt file: a clear message, and the picture stays', async () => {
  const { page, close } = await open(browser, `${server.url}#view=image&img=rings`, { dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  const before = await imageOf(page);
  assert.match(before.caption, /rings/);
  const garbage = Buffer.from('\x89PNG\r\n\x1a\n this is not really a picture at all', 'binary');
  const result = await loadFile(page, 'broken.png', garbage);
  assert.equal(result.ok, false);
  assert.match(result.message, /broken\.png could not be opened: .*The current picture stays\./);
  const notices = await page.evaluate(() => window.convplay.getNotices());
  assert.ok(notices.some((n) => n.field === 'image' && /broken\.png/.test(n.text)));
  const after = await imageOf(page);
  assert.equal(after.caption, before.caption);
  assert.deepEqual(after.input.data, before.input.data);
  const empty = await loadFile(page, 'empty.jpg', Buffer.alloc(0), 'image/jpeg');
  assert.match(empty.message, /empty/);
  const text = await loadFile(page, 'notes.txt', Buffer.from('hello'), 'text/plain');
  assert.match(text.message, /text\/plain, not a picture/);
  assert.equal((await imageOf(page)).caption, before.caption);
  await close();
});

test('a link naming the sender\'s own picture says so and shows the sample', async () => {
  const { page, close } = await open(browser, `${server.url}#view=image&img=own`, { dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  const notices = await page.evaluate(() => window.convplay.getNotices());
  assert.ok(notices.some((n) => /own picture/.test(n.text)), JSON.stringify(notices));
  assert.match((await imageOf(page)).caption, /test card/);
  await close();
});

test('peeking at a pixel at 1280x800 and 390x844: the window is the pointed pixel\'s, said in the scene and in words', async () => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const { page, problems, close } = await open(browser, `${server.url}#view=image&cin=3&kp=sobelx&p=2&pm=reflect&k=5`,
                                                 { width: w, height: h, dpr: 2 });
    assert.equal(await readyState(page), 'ready');
    const v = await imageOf(page);
    const [x, y, rw, rh] = v.rects.output;
    const [, , H, W] = v.layers[0].output.shape;
    const mx = x + rw * 0.3, my = y + rh * 0.6;
    await page.mouse.move(mx, my);
    // The pixel under the pointer, by the drawn rectangle's own scale.
    const oy = Math.floor(((my - y) / rh) * H), ox = Math.floor(((mx - x) / rw) * W);
    // The scene shows that pixel once the app has seen the pointer; a wrong
    // one never does. Within a CSS pixel's worth of map pixels: the app reads
    // the pointer in whole CSS pixels, and a phone draws 4 map pixels in one.
    const slack = Math.ceil(Math.max(H / rh, W / rw)) + 1;
    await page.waitForFunction(([y, x, d]) => {
      const c = window.convplay.getScene().current;
      return Math.abs(c[0] - y) <= d && Math.abs(c[1] - x) <= d;
    }, [oy, ox, slack], { timeout: 10000 }).catch(async () => {
      assert.fail(`pointed at ${oy},${ox}, the scene shows ${(await page.evaluate(() => window.convplay.getScene())).current}`);
    });
    const scene = await page.evaluate(() => window.convplay.getScene());
    // k=5, p=2, stride 1: the window is rows oy-2..oy+2 and columns ox-2..ox+2 of the input.
    const [sy, sx] = scene.current;
    assert.deepEqual(scene.window, { top: sy - 2, left: sx - 2, bottom: sy + 2, right: sx + 2 });
    assert.match(scene.description, new RegExp(`Output row ${sy}, column ${sx} reads input rows ${sy - 2} to ${sy + 2}`));
    const value = v.layers[0].output.data[sy * W + sx];
    const note = scene.labels.find((l) => l.note && l.text.startsWith(`output row ${sy}, column ${sx} = `));
    assert.ok(note, 'the peeked pixel\'s value is a note under the figure');
    const shown = Number(note.text.split(' = ')[1].replace('\u2212', '-'));
    assert.ok(Math.abs(shown - value) <= Math.abs(value) * 0.01 + 1e-4, `${note.text} vs ${value}`);
    await screenshot(page, `image-${w}x${h}`);
    assert.deepEqual(problems, []);
    await close();
  }
});

// The rasters an SVG export embeds, decoded in node: {name: {x, y, width, height, png}}.
function svgRasters(svg) {
  const out = {};
  for (const m of svg.matchAll(/<g id="(\w+)">\n<image x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*base64,([A-Za-z0-9+/=]+)"/g))
    out[m[1]] = { x: +m[2], y: +m[3], width: +m[4], height: +m[5], png: PNG.sync.read(Buffer.from(m[6], 'base64')) };
  return out;
}

test('exports in image mode: the SVG holds the padded picture and the map (equal to getImage()), the PNG draws them', async () => {
  const { page, problems, close } = await open(browser, `${server.url}#view=image&img=rings&cin=3&kp=sobelx&p=3&pm=replicate`, { dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  const v = await imageOf(page);
  const svg = await page.evaluate(async () => (await window.convplay.export('svg')).text());
  const r = svgRasters(svg);
  assert.deepEqual(Object.keys(r).sort(), ['legend', 'output', 'source']);
  // The picture: the padded input (F.pad, replicate) as bytes.
  const [, C, PH, PW] = v.padded.shape;
  assert.equal(r.source.png.width, PW);
  assert.equal(r.source.png.height, PH);
  let worst = 0;
  for (let y = 0; y < PH; ++y)
    for (let x = 0; x < PW; ++x)
      for (let c = 0; c < 3; ++c) {
        const want = Math.round(Math.min(1, Math.max(0, v.padded.data[((C === 3 ? c : 0) * PH + y) * PW + x])) * 255);
        worst = Math.max(worst, Math.abs(r.source.png.data[(y * PW + x) * 4 + c] - want));
      }
  assert.ok(worst <= 1, `the picture's bytes differ by ${worst}`);
  // The map: each pixel the colormap of getImage()'s value at the layer's scale.
  const L = v.layers[0], [, , H, W] = L.output.shape;
  assert.equal(r.output.png.width, W);
  assert.equal(r.output.png.height, H);
  const samples = [];
  for (let i = 0; i < 400; ++i) samples.push([(i * 37) % H, (i * 91) % W]);
  const expected = await page.evaluate(([values, lo, hi, d]) => values.map((x) => window.convplay.colormap(x, lo, hi, d)),
                                       [samples.map(([y, x]) => L.output.data[y * W + x]), L.lo, L.hi, L.diverging]);
  samples.forEach(([y, x], i) => {
    const got = Array.from(r.output.png.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 3));
    assert.deepEqual(got, expected[i], `map pixel ${y},${x}`);
  });
  // Laid out at one scale, the map beside the picture.
  assert.ok(Math.abs(r.source.width / PW - r.output.width / W) < 1e-3);
  assert.ok(r.output.x > r.source.x + r.source.width);
  // The PNG export draws that SVG: its size, and the map's colours where the SVG puts the map.
  const png = PNG.sync.read(Buffer.from(await page.evaluate(async () => {
    const b = new Uint8Array(await (await window.convplay.export('png')).arrayBuffer());
    let s = '';
    for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
    return btoa(s);
  }), 'base64'));
  const [sw, sh] = [+/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)[1], +/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)[1]];
  const k = png.width / sw;
  assert.ok(Math.abs(png.height / sh - k) < 0.02, 'the PNG is the SVG, scaled');
  const cy = Math.floor(H / 2), cx = Math.floor(W / 2);
  const px = Math.floor((r.output.x + ((cx + 0.5) * r.output.width) / W) * k), py = Math.floor((r.output.y + ((cy + 0.5) * r.output.height) / H) * k);
  const drawn = Array.from(png.data.subarray((py * png.width + px) * 4, (py * png.width + px) * 4 + 3));
  const want = Array.from(r.output.png.data.subarray((cy * W + cx) * 4, (cy * W + cx) * 4 + 3));
  for (let c = 0; c < 3; ++c) assert.ok(Math.abs(drawn[c] - want[c]) <= 40, `PNG export ${drawn} vs map ${want}`);
  // A GIF animates the cells' step-through: image mode has none, and says so
  // rather than saving frames of the cell figure that is not on screen.
  const gif = await page.evaluate(() => window.convplay.export('gif').then(() => 'made', (e) => e.message));
  assert.match(gif, /image mode has no steps/);
  assert.deepEqual(problems, []);
  await close();
});

test('colour scale: robust by default (the few extremes clipped and counted), scale=full spans the whole map', async () => {
  const { page, close } = await open(browser, `${server.url}#view=image&cin=1&kp=laplace`, { dpr: 1 });
  assert.equal(await readyState(page), 'ready');
  const v = await imageOf(page);
  const L = v.layers[0];
  let lo = Infinity, hi = -Infinity;
  for (const x of L.output.data) lo = Math.min(lo, x), hi = Math.max(hi, x);
  assert.equal(L.full, false);
  assert.ok(L.hi < hi, `robust ${L.hi} below the map's maximum ${hi}`);
  assert.ok(L.clipped > 0 && L.clipped < 0.05, `clipped ${L.clipped}`);
  let beyond = 0;
  // (The ends are pixels' own float values: compared as floats, not as their 9-digit JSON text.)
  const [flo, fhi] = [Math.fround(L.lo), Math.fround(L.hi)];
  for (const x of L.output.data) beyond += x < flo || x > fhi;
  assert.ok(Math.abs(beyond / L.output.data.length - L.clipped) < 1e-6, 'the clipped share is the pixels beyond the range');
  assert.ok((await page.evaluate(() => window.convplay.getScene())).labels.some((l) => /percentile/.test(l.text)));
  await page.evaluate(() => window.convplay.setState({ scale: 'full' }));
  await page.waitForFunction(() => window.convplay.getImage().layers?.[0].full === true);
  const f = (await imageOf(page)).layers[0];
  assert.equal(f.clipped, 0);
  assert.ok(Math.max(-lo, hi) <= f.hi + 1e-6);
  assert.equal(await page.evaluate(() => window.convplay.getState().scale), 'full');
  await close();
});

test('a stack on the picture: every layer runs on the last one\'s map, each map is in the chain, at both sizes', async () => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const { page, problems, close } = await open(browser, server.url, { width: w, height: h, dpr: 2 });
    assert.equal(await readyState(page), 'ready');
    const lenet = (await page.evaluate(() => window.convplay.presets())).find((p) => p.id === 'lenet-5');
    await page.evaluate((f) => { location.hash = `${f}&view=image&img=card`; }, lenet.fragment);
    await page.waitForFunction(() => window.convplay.getState().view === 'image' && window.convplay.getImage().layers?.length === 5,
                               null, { timeout: 30000 });
    const v = await imageOf(page);
    // The test card is 512×512, grey: conv 5 (-4), pool 2 (/2), conv 5, pool 2, conv 5.
    assert.deepEqual(v.input.shape, [1, 1, 512, 512]);
    assert.deepEqual(v.layers.map((l) => l.output.shape), [[1, 6, 508, 508], [1, 6, 254, 254], [1, 16, 250, 250],
                                                           [1, 16, 125, 125], [1, 120, 121, 121]]);
    // The pools are the engine module's on the page's own previous map, to the bit.
    for (const i of [1, 3]) {
      const want = engine.avgPool2d(tensor(v.layers[i - 1].output), { kernelSize: 2 });
      assert.deepEqual(want.shape, v.layers[i].output.shape);
      assert.equal(maxDiff(want, tensor(v.layers[i].output)), 0, `layer ${i + 1}`);
    }
    if (w > 600) {  // the chain under the picture: a box per map (a phone scrolls to it)
      const ids = (await page.evaluate(() => window.convplay.getWidgets())).map((r) => r.id).filter((id) => id.startsWith('chain.'));
      assert.deepEqual(ids.sort(), ['chain.0', 'chain.1', 'chain.2', 'chain.3', 'chain.4', 'chain.5']);
    }
    // The figure drawn: its map is where the page API says it is.
    await page.waitForFunction(() => window.convplay.getWidgets().some((r) => r.id === 'figure.output' && r.w > 0));
    await screenshot(page, `image-stack-lenet-5-${w}x${h}`);
    assert.deepEqual(problems, []);
    await close();
  }
});
