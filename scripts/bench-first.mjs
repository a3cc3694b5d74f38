// bench-first.mjs — `scripts/bench --page` (first part): the page's first frame
// and first load, side by side with a baseline build, measured in one run on
// one machine (DESIGN.md, Budgets):
//   first frame: window.convplay.firstFrameMs, in fresh browser contexts,
//                loopback, headless Chromium, 1280x800 at DPR 1;
//   first load:  the bytes (gzip -9 of each response body) of the requests
//                the page made before its first frame was on screen (the
//                document and the resource timings that started before
//                firstFrameMs); what loads later is not counted, and is listed
//                apart: the feature modules that load right after the first
//                frame (web/convplay.js, The first load), and the code tools
//                module, fetched when code() is first called (as the Code tab
//                does).
// The two builds alternate context by context so a busy machine slows both.
//   node scripts/bench-first.mjs [--rounds N] [--baseline DIST] [--label NAME] [--json]
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
const rounds = Number(option('--rounds', 5));
const baselineDist = option('--baseline', '');
const baselineLabel = option('--label', 'baseline');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One fresh context: navigate, wait for the first frame, then total what was
// fetched before it and (after the page is idle) what came later.
async function measure(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const bodies = [];  // [path, promise of gzipped size, asked for once the page was ready]
  let ready = false;
  page.on('response', (r) => {
    if (r.status() !== 200) return;
    bodies.push([new URL(r.url()).pathname, r.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0), ready]);
  });
  await page.goto(url);
  const state = await readyState(page, 60000);
  ready = true;
  if (state !== 'ready') throw new Error(`${url}: ${state}`);
  // The paths the page asked for before its first frame was drawn.
  const { ms, early } = await page.evaluate(() => {
    const ms = window.convplay.firstFrameMs;
    const paths = performance.getEntriesByType('resource').filter((e) => e.startTime < ms).map((e) => new URL(e.name).pathname);
    return { ms, early: [location.pathname, ...paths] };
  });
  // What the Code tab loads on first use (a build without the split has it already).
  await page.evaluate(() => window.convplay.code && window.convplay.code('pytorch'));
  const sizes = await Promise.all(bodies.map(async ([p, size, onUse]) => [p, await size, onUse]));
  await context.close();
  const first = sizes.filter(([p, , onUse]) => !onUse && early.includes(p));
  const after = sizes.filter(([p, , onUse]) => !onUse && !early.includes(p));
  const later = sizes.filter(([, , onUse]) => onUse);
  const named = (list) => list.map(([p, n]) => [p, n]);
  return { ms, bytes: first.reduce((a, [, n]) => a + n, 0), files: named(first), after: named(after), later: named(later) };
}

const targets = [{ label: 'this build', dist: path.join(root, 'dist') }];
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
  for (let r = 0; r < rounds; ++r)
    for (let i = 0; i < targets.length; ++i) results[i].push(await measure(browser, `${servers[i].url}`));
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
  console.log(`First frame and first load (${rounds} fresh contexts each, alternating; headless Chromium, 1280x800, DPR 1, loopback)`);
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
