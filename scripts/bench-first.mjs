// bench-first.mjs — `scripts/bench --page` (first part): the page's first frame
// and first load, side by side with a baseline build, measured in one run on
// one machine (DESIGN.md, Budgets):
//   first frame: window.convplay.firstFrameMs, in fresh browser contexts,
//                loopback, headless Chromium, 1280x800 at DPR 1;
//   first load:  the bytes (gzip -9 of each file served) of the requests the
//                page made before its first frame was on screen (the document
//                and the resource timings that started before firstFrameMs);
//                what loads later is not counted, and is listed apart: the
//                feature modules that load right after the first frame
//                (web/convplay.js, The first load), and the code tools module,
//                fetched when code() is first called (as the Code tab does).
// Nothing watches the page while it loads: which files it fetched is read
// from its own resource timings afterwards, and their sizes from the served
// folder. (Copying each response body out of the browser and gzipping it in
// this process, as this script once did, took CPU from the page on a 2-core
// machine just as its wasm arrived, and slowed the split page's first frame
// more than the baseline's: 920 vs 820 ms medians with it, 746 vs 750 without,
// in one run, 15 rounds each.)
// The builds alternate context by context, and their order flips every round,
// so a busy machine slows both alike.
//   node scripts/bench-first.mjs [--rounds N] [--dist DIST] [--baseline DIST] [--label NAME] [--json]
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { launch, readyState } from '../tests/e2e/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const rounds = Number(option('--rounds', 9));
const thisDist = path.resolve(option('--dist', path.join(root, 'dist')));
const baselineDist = option('--baseline', '');
const baselineLabel = option('--label', 'baseline');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The gzipped size of a served path ('/' is index.html), read from the folder.
const gzipped = new Map();
function gzippedSize(dist, urlPath) {
  const file = path.join(dist, urlPath.endsWith('/') ? urlPath + 'index.html' : decodeURIComponent(urlPath));
  if (!gzipped.has(file)) gzipped.set(file, fs.existsSync(file) ? gzipSync(fs.readFileSync(file), { level: 9 }).length : 0);
  return gzipped.get(file);
}

// One fresh context: navigate, wait until the page is ready, then read when
// its first frame was drawn and what it had fetched by then; then call code()
// to see what the Code tab fetches on first use.
async function measure(browser, url, dist) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(url);
  const state = await readyState(page, 60000);
  if (state !== 'ready') throw new Error(`${url}: ${state}`);
  const fetched = () => performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname, e.startTime]);
  const ms = await page.evaluate(() => window.convplay.firstFrameMs);
  const early = [[new URL(page.url()).pathname, 0], ...await page.evaluate(fetched)];
  // What the Code tab loads on first use (a build without the split has it already).
  await page.evaluate(() => window.convplay.code && window.convplay.code('pytorch'));
  const all = await page.evaluate(fetched);
  await context.close();
  const seen = new Set(early.map(([p]) => p));
  const sized = (list) => [...new Set(list.map(([p]) => p))].map((p) => [p, gzippedSize(dist, p)]);
  const first = sized(early.filter(([, t]) => t < ms));
  const after = sized(early.filter(([, t]) => t >= ms));
  const later = sized(all.filter(([p]) => !seen.has(p)));
  return { ms, bytes: first.reduce((a, [, n]) => a + n, 0), files: first, after, later };
}

const targets = [{ label: 'this build', dist: thisDist }];
if (baselineDist) targets.push({ label: baselineLabel, dist: baselineDist });
// scripts/serve on a free port for one dist/ folder; resolves to { url, close }.
function serve(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [path.join(root, 'scripts/serve'), '--port', '0', '--dir', dir],
                        { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (line) => resolve({ url: line.trim(), close: () => child.kill() }));
  });
}
const servers = [];
for (const t of targets) servers.push(await serve(t.dist));
const browser = await launch();
const results = targets.map(() => []);
try {
  for (let r = 0; r < rounds; ++r) {
    const order = targets.map((t, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) results[i].push(await measure(browser, `${servers[i].url}`, targets[i].dist));
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}

const rows = targets.map((t, i) => ({
  label: t.label,
  firstFrameMs: results[i].map((m) => m.ms),
  medianMs: median(results[i].map((m) => m.ms)),
  firstLoadBytes: median(results[i].map((m) => m.bytes)),
  files: results[i][0].files,
  after: results[i][0].after,
  later: results[i][0].later,
}));
if (args.includes('--json')) {
  console.log(JSON.stringify(rows, null, 1));
} else {
  console.log(`First frame and first load (${rounds} fresh contexts each, alternating, the order flipped every round; headless Chromium, 1280x800, DPR 1, loopback)`);
  console.log('');
  console.log('| build | first frame median ms | first frames ms | first load KB gzipped | budget |');
  console.log('|:---|---:|:---|---:|:---|');
  for (const r of rows)
    console.log(`| ${r.label} | ${r.medianMs.toFixed(0)} | ${r.firstFrameMs.map((x) => x.toFixed(0)).join(', ')} | ${(r.firstLoadBytes / 1024).toFixed(1)} | ${r.label === 'this build' ? '300 KB, and no slower than the baseline' : ''} |`);
  console.log('');
  for (const r of rows)
    console.log(`${r.label}: ${r.files.map(([p, n]) => `${p} ${(n / 1024).toFixed(1)}`).join(', ')}`);
  const kb = (list) => list.map(([p, n]) => `${p} ${(n / 1024).toFixed(1)}`).join(', ');
  for (const r of rows.filter((r) => r.after.length))
    console.log(`${r.label}, right after the first frame (not in the first load): ${(r.after.reduce((a, [, n]) => a + n, 0) / 1024).toFixed(1)} KB: ${kb(r.after)}`);
  for (const r of rows.filter((r) => r.later.length))
    console.log(`${r.label}, once ready (the parallel DOM when idle) and on first use of code(): ${r.later.map(([p, n]) => `${p} ${(n / 1024).toFixed(1)}`).join(', ')}`);
}
