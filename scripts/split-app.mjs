// split-app.mjs — splits the app's wasm in two halves (web/CMakeLists.txt;
// README, "The first load"):
//   convplay-app.wasm           what the page runs until it is ready and idle,
//                               fetched before the first frame;
//   convplay-app.deferred.wasm  the rest (the Stack tab, image mode, exports,
//                               solve-for, menus, ...), fetched right after it
//                               (web/convplay.js, "The app's second half").
// Which functions the first frames run is measured, not listed by hand: it is
// binaryen's wasm-split (Debian's binaryen, which emscripten brings) with a
// profile. The wasm is instrumented, headless Chromium opens the page with it
// in the states a reader meets first (the full page on a desktop at DPR 1 and
// 2 and on a phone, and course.html's embeds: controls, steps, formula, quiz),
// each page writes its profile once it is ready and idle (or has played 90
// frames), and wasm-split splits by the merged profiles. A function the
// profiles did not see (a link that opens image mode, say) is still there:
// its placeholder loads the second half on the spot. The page is served and Chromium launched
// as the e2e suites do (tests/e2e/harness.mjs).
//   node scripts/split-app.mjs --app DIR --page DIR --web DIR --out DIR [--wasm-split PATH]
// --app: the app's build (convplay-app.js, convplay-app.wasm); --page: the
// built page glue (convplay.js); --web: web/ (index.html, CSS, feature
// modules); --out: where the two halves go.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i >= 0 && i + 1 < args.length) return args[i + 1];
  if (fallback === undefined) throw new Error(`split-app: ${name} is missing`);
  return fallback;
};
const appDir = option('--app');
const pageDir = option('--page');
const webDir = option('--web');
const outDir = option('--out');
const wasmSplit = option('--wasm-split', 'wasm-split');
// The features the app is built with (web/CMakeLists.txt's wasm-opt pass).
const FEATURES = ['--enable-simd', '--enable-mutable-globals'];

// The first states a reader meets: [name, viewport, context options, URL fragment].
// The embeds are course.html's (web/examples/course.html).
// Both sides of DPR 2: under it, the fonts are rasterised with oversampling
// (src/ui/ui_theme.cpp), a filter no other state runs (a projector, most
// Windows laptops).
const STATES = [
  ['full page, desktop', { width: 1280, height: 800 }, { deviceScaleFactor: 2 }, ''],
  ['full page, desktop at DPR 1', { width: 1280, height: 800 }, { deviceScaleFactor: 1 }, ''],
  ['full page, phone', { width: 390, height: 844 }, { deviceScaleFactor: 3, isMobile: true, hasTouch: true }, ''],
  ['embed with controls', { width: 720, height: 520 }, { deviceScaleFactor: 2 },
    '#v=1&in=5&p=2&preset=full-padding&embed=1&show=controls&lock=op,k,s,d,cin,cout,g&autoheight=1'],
  ['embed with steps, playing', { width: 720, height: 520 }, { deviceScaleFactor: 2, colorScheme: 'light' },
    '#v=1&in=5&s=2&speed=1.5&preset=padding-strides&embed=1&show=steps&autoplay=1&autoheight=1'],
  ['embed with the formula', { width: 720, height: 520 }, { deviceScaleFactor: 2 },
    '#v=1&op=tconv&in=3&s=2&p=1&preset=t-padding-strides&embed=1&show=formula&autoheight=1'],
  ['embed with a quiz', { width: 720, height: 520 }, { deviceScaleFactor: 2 }, '#v=1&in=7&s=2&embed=1&quiz=1'],
];

const run = (file, argv) => execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'inherit'] });

// The page, served from a scratch folder with the instrumented wasm in the app's place.
const site = mkdtempSync(path.join(os.tmpdir(), 'convplay-split-'));
const cleanups = [() => rmSync(site, { recursive: true, force: true })];
const cleanUp = async () => { for (const cleanup of cleanups.splice(0).reverse()) await cleanup(); };
// A build never hangs here: a page that does not get ready fails it, saying so.
const watchdog = setTimeout(async () => {
  console.error('split-app: the profiling pages took over 10 minutes; stopping');
  await cleanUp();
  process.exit(1);
}, 600000);
try {
  for (const file of readdirSync(webDir)) {
    if (/\.(html|css|svg|js)$/.test(file)) copyFileSync(path.join(webDir, file), path.join(site, file));
  }
  copyFileSync(path.join(pageDir, 'convplay.js'), path.join(site, 'convplay.js'));
  copyFileSync(path.join(appDir, 'convplay-app.js'), path.join(site, 'convplay-app.js'));
  const wasm = path.join(appDir, 'convplay-app.wasm');
  run(wasmSplit, ['--instrument', ...FEATURES, wasm, '-o', path.join(site, 'convplay-app.wasm')]);

  // (The harness serves CONVPLAY_DIST, read when it is first imported.)
  process.env.CONVPLAY_DIST = site;
  const { launch, serve } = await import('../tests/e2e/harness.mjs');
  const server = await serve();
  cleanups.push(() => server.close());
  const url = server.url;
  const browser = await launch();
  cleanups.push(() => browser.close());

  const profiles = [];
  for (const [name, viewport, options, fragment] of STATES) {
    const context = await browser.newContext({ viewport, ...options });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // The instrumented instance: the one whose exports can write a profile.
    await page.addInitScript(() => {
      const instantiate = WebAssembly.instantiate;
      WebAssembly.instantiate = async function (...a) {
        const result = await instantiate.apply(this, a);
        const instance = result.instance || result;
        if (instance.exports.__write_profile) window.__profiled = instance;
        return result;
      };
    });
    await page.goto(url + 'index.html' + fragment);
    await page.waitForFunction(() => window.convplay && window.convplay.ready, null, { timeout: 120000 });
    // Ready, then idle; a playing figure is never idle, so at most 90 animation frames.
    const state = await page.evaluate(() => window.convplay.ready.then(() => new Promise((resolve) => {
      let frames = 90;
      const tick = () => (--frames > 0 ? requestAnimationFrame(tick) : resolve());
      requestAnimationFrame(tick);
      window.convplay.idle().then(resolve);
    })).then(() => 'ready', (e) => String(e)));
    if (state !== 'ready' || problems.length) throw new Error(`split-app: the page (${name}) did not get ready: ${state} ${problems.join('; ')}`);
    // The profile goes into fresh pages past the heap; the page is closed right after.
    const bytes = await page.evaluate(() => {
      const exports = window.__profiled.exports;
      const memory = Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
      const at = memory.buffer.byteLength;
      const pages = 4;
      memory.grow(pages);
      const size = exports.__write_profile(at, pages * 65536);
      return Array.from(new Uint8Array(memory.buffer, at, size));
    });
    await context.close();
    const file = path.join(site, `profile-${profiles.length}`);
    writeFileSync(file, Buffer.from(bytes));
    profiles.push(file);
  }

  const merged = path.join(site, 'profile');
  mkdirSync(outDir, { recursive: true });
  run(wasmSplit, ['--merge-profiles', ...FEATURES, ...profiles, '-o', merged]);
  run(wasmSplit, [...FEATURES, wasm, `--profile=${merged}`,
                  '-o1', path.join(outDir, 'convplay-app.wasm'), '-o2', path.join(outDir, 'convplay-app.deferred.wasm'),
                  '--import-namespace=primary', '--placeholder-namespace=placeholder', '--export-prefix=%']);
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
