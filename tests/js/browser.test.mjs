// browser.test.mjs — the same module, unchanged, in headless Chromium: imported by
// a page and by a module worker, served over loopback from the directory it was
// installed in (relative URLs only). Skipped when Debian's chromium is missing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, it } from 'node:test';

import { enginePath } from './helpers.mjs';

const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const skip = existsSync(chromiumPath) ? false : `no browser at ${chromiumPath}`;
const dir = path.dirname(enginePath), file = path.basename(enginePath);

// The page and worker that use the module: a conv2d and an error, as in node.
const probe = `
  const x = { shape: [1, 1, 3, 3], data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
  const w = { shape: [1, 1, 3, 3], data: new Float32Array(9).fill(1) };
  async function probe(createEngine) {
    const cp = await createEngine();
    let error = '';
    try { cp.conv2d(x, w, { padding: 'full' }); } catch (e) { error = e.message; }
    const y = cp.conv2d(x, w, { padding: 1 });
    return { version: cp.version, shape: y.shape, data: Array.from(y.data), error };
  }`;
const pages = {
    '/probe.html': ['text/html', '<!doctype html><title>probe</title><link rel="icon" href="data:,">'],
    '/worker.mjs': ['text/javascript', `import createEngine from './${file}';\n${probe}\n` +
                    'probe(createEngine).then((r) => postMessage(r), (e) => postMessage({ failed: String(e) }));'],
};
const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };

let server, base, browser;
before(async () => {
    if (skip) return;
    server = createServer(async (req, res) => {
        const url = new URL(req.url, 'http://x').pathname;
        try {
            const [type, body] = pages[url] ?? [types[path.extname(url)], await readFile(path.join(dir, path.basename(url)))];
            if (!type) throw new Error('not served');
            res.writeHead(200, { 'content-type': type }).end(body);
        } catch {
            res.writeHead(404).end();
        }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
               '--disable-component-update', '--disable-sync'],
    });
});
after(async () => {
    await browser?.close();
    server?.close();
});

const expected = { shape: [1, 1, 3, 3], data: [12, 21, 16, 27, 45, 33, 24, 39, 28] };
function check(r) {
    assert.equal(r.failed, undefined, r.failed);
    assert.deepEqual({ shape: r.shape, data: r.data }, expected);
    assert.match(r.version, /^\d+\.\d+\.\d+/);
    assert.match(r.error, /^conv2d: padding "full" is not one of/);
}

async function openPage() {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${base}/probe.html`);
    return { page, problems };
}

it('a page imports it and computes', { skip }, async () => {
    const { page, problems } = await openPage();
    const r = await page.evaluate(`(async () => {
        const { default: createEngine } = await import('./${file}');
        ${probe}
        return probe(createEngine);
    })()`);
    check(r);
    assert.deepEqual(problems, []);
    await page.close();
});

it('a module worker imports it and computes', { skip }, async () => {
    const { page, problems } = await openPage();
    const r = await page.evaluate(() => new Promise((resolve) => {
        const worker = new Worker('./worker.mjs', { type: 'module' });
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => resolve({ failed: e.message || 'worker error' });
    }));
    check(r);
    assert.deepEqual(problems, []);
    await page.close();
});
