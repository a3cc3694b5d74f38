// convplay.js — the page's glue: checks that this browser can run the
// playground, shows progress or a clear message, starts the wasm app, keeps
// the URL fragment and the app's state in step, and exposes window.convplay:
//   version, ready, firstFrameMs
//   getState()          the state as the codec's flat keys, {key: 'value'}
//   setState(partial)   applies keys ({key: value} or 'k=v&k=v') through the
//                       same codec as the URL; a promise of the notices it
//                       raised, resolved once the change is on screen
//   commitCount()       how many changes the app has committed (every way in)
//   shown(n)            a promise resolved once a drawn frame shows commit n
//                       (default: the latest); 'convplay:frame' {commit} fires
//                       after each frame that shows new commits
//   idle()              a promise resolved once nothing more is to be drawn and
//                       the URL shows the state (for screenshots and "nothing
//                       changed" checks); never while playing
//   getGeometry()       the viewed layer's sizes and current step, or {error}
//   getScene()          the figure's scene (what tests assert on)
//   exportSvg()         the figure as an SVG document (text)
//   getValues()         the viewed layer's {input, weights, output} tensors, as computed
//   getNotices()        what the last change repaired, [{field, text}]
//   getCaption()        the caption above an embed's figure: a preset's title while
//                       the figure is the preset's, else the configuration in words
//   presets()           the presets menu: [{id, group, title, caption, fragment}]
//   code(kind)          a promise of the document as code, 'pytorch' (default) or
//                       'keras' (code.js; the code tools module loads on first use)
//   importCode(text)    applies pasted PyTorch layer code: a promise of
//                       {ok, message, notices, state, rows, params}, once it is on screen
// Every call goes through the app's one bridge (src/app/app_bridge.cpp).
//
// [SECTION] The first load: only what the first frame draws
// The first frame needs the app (convplay-app.js + .wasm: index.html preloads
// both, and this file starts compiling the wasm while the script arrives) and
// this file. Features that need the page (code, sharing, embedding, files,
// the stack's data, the parallel DOM, the embed builder) live in their own
// modules beside this one and load once the first frame is on the canvas;
// each exports attach(ctx) and gets the bridge, the state-change hook and the
// host actions (what the app asks of the page). What the app asks before they
// are here waits for them.
// ready resolves once the first frame is on the canvas and every feature has
// attached (window.convplay is then complete); it rejects (and the page says
// why) when the browser lacks WebGL2 or WebAssembly SIMD, or the app fails to
// load. firstFrameMs is the first frame's time, since navigation started.
const FEATURES = ['./code.js', './embed.js', './image.js', './share.js', './stack.js', './a11y.js', './builder.js'];
const APP_WASM = 'convplay-app.wasm';
const APP_SECOND_HALF = 'convplay-app.deferred.wasm';

// The app's wasm, compiled as it streams in (in parallel with convplay-app.js;
// emscripten would start only once that script has run). A server that does
// not send application/wasm gets the bytes compiled whole instead.
async function compileWasm(file) {
  if (typeof WebAssembly.compileStreaming === 'function') {
    try { return await WebAssembly.compileStreaming(fetch(file, { credentials: 'same-origin' })); } catch (e) { /* below */ }
  }
  const response = await fetch(file, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the file ${file} did not arrive (HTTP ${response.status})`);
  return WebAssembly.compile(await response.arrayBuffer());
}

// [SECTION] The app's second half
// The build splits the app's wasm (scripts/split-app.mjs): APP_WASM holds what
// the page runs until it is ready, APP_SECOND_HALF the rest. The first half
// imports a placeholder for each function of the second; the second, once
// instantiated with the first's exports, writes its functions into their
// shared table over the placeholders. It is fetched right after the first
// frame, and ready waits for it. Should the app call into it before then (a
// first frame the split did not measure: a link that opens image mode, say),
// the placeholder loads it there and then, synchronously, and the call goes
// on: slower, never wrong. A build without the split has no placeholders.
// unavailable(error) is told when a placeholder cannot load it.
function secondHalf(unavailable) {
  let first = null;     // the first half's exports
  let compiled = null;  // the second half, compiled
  let done = false;     // ... and instantiated
  const instantiate = (module) => {
    if (done) return;
    new WebAssembly.Instance(module, { primary: first });
    done = true;
  };
  function loadNow() {
    if (done) return;
    if (!compiled) {
      const request = new XMLHttpRequest();  // synchronous: only binary-safe as text
      request.open('GET', APP_SECOND_HALF, false);
      request.overrideMimeType('text/plain; charset=x-user-defined');
      request.send();
      if (request.status !== 200) throw new Error(`the file ${APP_SECOND_HALF} did not arrive (HTTP ${request.status})`);
      const text = request.responseText;
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
      compiled = new WebAssembly.Module(bytes);
    }
    instantiate(compiled);
  }
  let split = false;
  return {
    // Before the first half is instantiated: its placeholders, if it has them.
    prepare(module, imports) {
      split = WebAssembly.Module.imports(module).some((i) => i.module === 'placeholder');
      if (!split) return;
      let table = null;  // the shared table, in the first half's exports
      imports.placeholder = new Proxy({}, {
        get: (target, index) => (...args) => {
          try { loadNow(); } catch (e) { unavailable(e); throw e; }
          table = table || Object.values(first).find((v) => v instanceof WebAssembly.Table);
          return table.get(Number(index))(...args);
        },
      });
    },
    attach(exports) { first = exports; },
    // After the first frame.
    async load() {
      if (!split || done) return;
      const module = await compileWasm(APP_SECOND_HALF);
      compiled = compiled || module;
      instantiate(compiled);
    },
  };
}

function main() {
  const VERSION = '@PROJECT_VERSION@';  // filled in by the build
  const status = document.getElementById('status');
  const statusText = document.getElementById('status-text');
  const canvas = document.getElementById('canvas');
  let drawnFirstFrame, attachedFeatures;
  const afterFirstFrame = new Promise((resolve) => { drawnFirstFrame = resolve; });
  const featuresAttached = new Promise((resolve) => { attachedFeatures = resolve; });

  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {});  // the page shows the reason; a caller may still await it
  window.convplay = { version: VERSION, ready };

  function fail(title, detail) {
    status.classList.remove('done');
    status.classList.add('error');
    statusText.innerHTML = '';
    const strong = document.createElement('strong');
    strong.textContent = title;
    statusText.append(strong, document.createTextNode(detail));
    rejectReady(new Error(title + detail));  // detail starts with its space
  }

  // A one-function module whose body is a v128.const: it validates only where
  // the engine's SIMD instructions are supported.
  function hasWasmSimd() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
    const bytes = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,        // magic, version
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,              // type: () -> v128
      0x03, 0x02, 0x01, 0x00,                                // one function of type 0
      0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c,              // code: v128.const
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b]);
    try { return WebAssembly.validate(bytes); } catch (e) { return false; }
  }

  // [SECTION] The WebGL2 context, made while the app downloads
  // Making a WebGL2 context costs the main thread tens of milliseconds (more
  // under SwiftShader). Left to emscripten (GL.createContext) it would run in main(), after the wasm
  // has arrived, on the first frame's path; made here, it runs while the wasm
  // streams in and compiles off the main thread, and it is the check that
  // this browser has WebGL2 (no second, throwaway context). The app's own
  // getContext then gets this context (a canvas has one), so the attributes
  // must be the ones the app asks for: SDL's, as emscripten passes them
  // (app_main.cpp's SDL_GL_SetAttribute calls and SDL's defaults). A request
  // that differs is an error in the console, which the e2e suites fail on.
  const GL_ATTRIBUTES = { alpha: false, depth: true, stencil: false, antialias: false };
  function prepareContext() {
    let gl = null;
    try { gl = canvas.getContext('webgl2', GL_ATTRIBUTES); } catch (e) { gl = null; }
    if (!gl) return false;
    // (No extensions: the app uses WebGL2 core only, and its glue turns none
    // on, -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0 in web/CMakeLists.txt.)
    canvas.getContext = function (type, attributes) {
      delete canvas.getContext;  // the prototype's again, after the app's one call
      const made = gl.getContextAttributes();
      const differ = type === 'webgl2' && attributes
        ? Object.keys(attributes).filter((k) => k in made && attributes[k] !== made[k]) : [];
      if (differ.length) {
        console.error(`convplay: the app asks for a WebGL2 context with ${differ.map((k) => `${k}: ${attributes[k]}`).join(', ')}; `
          + 'convplay.js made it with GL_ATTRIBUTES, which must say the same');
      }
      return canvas.getContext(type, attributes);
    };
    return true;
  }

  if (!hasWasmSimd()) {
    fail('This browser cannot run convplay.',
         ' It needs WebAssembly SIMD, which current Chrome, Edge, Firefox and Safari (16.4+) all support. Please update your browser.');
    return;
  }
  const compiled = compileWasm(APP_WASM);
  const second = secondHalf((err) => fail('convplay could not start.', ` ${err && err.message ? err.message : err}`));
  compiled.catch(() => {});  // (reported when the app asks for it)
  if (!prepareContext()) {
    fail('This browser cannot run convplay.',
         ' It needs WebGL 2, which is missing or turned off here (check that hardware acceleration is enabled).');
    return;
  }

  // No keyboard trap inside a host page: Tab moves on to the next element and
  // Esc leaves the canvas. Both are taken before SDL's own listener on the
  // canvas, which would keep Tab for itself.
  window.addEventListener('keydown', (e) => {
    if (e.target !== canvas) return;
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) e.stopImmediatePropagation();
    if (e.key === 'Escape') { e.stopImmediatePropagation(); canvas.blur(); }
  }, true);

  // SDL cancels mousedown, which would keep a click from focusing the canvas:
  // focus it ourselves, so the step keys work after a click or a tap.
  canvas.addEventListener('pointerdown', () => { if (document.activeElement !== canvas) canvas.focus({ preventScroll: true }); });

  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    fail('The graphics context was lost.', ' Reload the page to continue.');
  });

  const script = document.createElement('script');
  script.src = 'convplay-app.js';
  script.onerror = () => fail('convplay could not be loaded.', ' The file convplay-app.js did not arrive; check your connection and reload.');
  // The fragment without '#'; the codec ignores what it does not know.
  const fragment = () => location.hash.replace(/^#/, '');

  function toText(partial) {
    if (typeof partial === 'string') return partial.replace(/^#/, '');
    if (!partial || typeof partial !== 'object') throw new TypeError('setState takes {key: value} or "key=value&..."');
    return Object.entries(partial).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  }

  function attach(app) {
    const call = (name, ...args) => app.UTF8ToString(app['_' + name](...args));
    const withText = (name, text, ...rest) => {
      const bytes = app.lengthBytesUTF8(text) + 1;
      const ptr = app._malloc(bytes);
      try {
        app.stringToUTF8(text, ptr, bytes);
        return call(name, ptr, ...rest);
      } finally { app._free(ptr); }
    };
    const api = window.convplay;

    // [Frames] Every change is one commit in the app (src/app/app.h Commit);
    // after a drawn frame that shows commits not shown before, the app calls
    // onFrameShown(n): every commit up to n is on the canvas. Calls that change
    // what is on screen resolve then, and the page fires 'convplay:frame'.
    let shownCommit = 0;
    let waiting = [];  // {n, resolve}
    app.onFrameShown = (n) => {
      shownCommit = n;
      // After the frame's own call returns (a listener may call the bridge).
      queueMicrotask(() => {
        const ready = waiting.filter((w) => w.n <= n);
        waiting = waiting.filter((w) => w.n > n);
        for (const w of ready) w.resolve({ commit: n });
        window.dispatchEvent(new CustomEvent('convplay:frame', { detail: { commit: n } }));
      });
    };
    api.commitCount = () => app._cp_app_commit_count() >>> 0;
    api.shown = (n = api.commitCount()) => (n <= shownCommit
      ? Promise.resolve({ commit: shownCommit })
      : new Promise((resolve) => waiting.push({ n, resolve })));
    // idle(): resolves once the app has nothing more to draw and the URL
    // shows the state (no write pending): the page has settled. Never while
    // the step-through plays.
    let idleWaiting = [];
    let hashPending = false;
    const settleIdle = () => {
      if (hashPending || app._cp_app_busy()) return;
      const ready = idleWaiting;
      idleWaiting = [];
      for (const resolve of ready) resolve();
    };
    app.onIdle = () => queueMicrotask(settleIdle);
    api.idle = () => new Promise((resolve) => { idleWaiting.push(resolve); settleIdle(); });
    // Resolves to `value` once the change just made is on screen.
    const whenShown = (value) => api.shown().then(() => value);

    api.getState = () => JSON.parse(call('cp_app_state_json'));  // the codec's own keys and values
    // (toText throws a TypeError at once for what is not a state.)
    // applyState: the same, answered at once (for a host's postMessage, which
    // gets its notices even from a frame that is not drawing, e.g. hidden).
    const applyState = (partial) => JSON.parse(withText('cp_app_set_state', toText(partial), 0));
    api.setState = (partial) => whenShown(applyState(partial));
    api.getGeometry = () => JSON.parse(call('cp_app_geometry'));
    api.getScene = () => JSON.parse(call('cp_app_scene'));
    api.getNotices = () => JSON.parse(call('cp_app_notices'));
    api.getCaption = () => call('cp_app_caption');
    api.presets = () => JSON.parse(call('cp_app_presets'));
    api.getValues = () => {
      const v = JSON.parse(call('cp_app_values'));
      for (const k of ['input', 'weights', 'output']) if (v[k]) v[k].data = Float32Array.from(v[k].data, (x) => (x === null ? -Infinity : x));
      return v;
    };
    api.exportSvg = () => call('cp_app_svg');

    // What the app asks of the page (ui::Edits::host, app/app_main.cpp AskHost),
    // by name. Feature modules add theirs in attach(ctx).
    const hostActions = {
      copy: (text) => copyText(text),
    };
    // An action a feature module answers, asked before the modules are here
    // (image mode's photo on a link's first frame), waits for them.
    app.onHostRequest = (action, text) => featuresAttached.then(() => {
      const run = hostActions[action];
      if (run) return run(text);
      console.warn(`convplay: no host action "${action}"`);
    }).catch((e) => console.warn(`convplay: ${action} failed:`, e));
    // A copy the browser refused (no focus, no permission, an iframe without
    // clipboard-write) says so with the notices, where the reader looks.
    window.addEventListener('convplay:copied', (e) => {
      if (e.detail.ok) return;
      const message = 'The browser did not let the page copy. Select the text and copy it by hand '
        + '(for the link: the address bar), or allow clipboard access for this page.';
      const f = app._malloc(8), t = app._malloc(app.lengthBytesUTF8(message) + 1);
      try {
        app.stringToUTF8('copy', f, 8);
        app.stringToUTF8(message, t, app.lengthBytesUTF8(message) + 1);
        app._cp_app_add_notice(f, t);
      } finally { app._free(f); app._free(t); }
    });
    const stateListeners = [];
    const ctx = { app, api, call, withText, canvas, hostActions, toText, applyState, shown: api.shown, whenShown,
                  onState: (fn) => stateListeners.push(fn) };

    // The fragment is the state: read on load and on hashchange (a fresh
    // start from the defaults, as a new link would be), written back with
    // replaceState, debounced, so dragging a slider leaves no history trail.
    // Auto theme: the system's (or, embedded, the host's) colour scheme.
    const scheme = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    const followScheme = () => app._cp_app_set_prefers_dark(!scheme || scheme.matches ? 1 : 0);
    followScheme();
    if (scheme && scheme.addEventListener) scheme.addEventListener('change', followScheme);

    // The figure in words, for screen readers; textContent only.
    const describe = document.getElementById('describe');
    const tellReaders = () => {
      const text = call('cp_app_describe');
      if (describe && describe.textContent !== text) describe.textContent = text;
    };

    let writing = null;
    let lastWritten = null;
    let known = null;  // the fragment as last read or written: another one is a navigation on its way
    const load = () => {
      known = fragment();
      if (fragment() === lastWritten) return;
      withText('cp_app_set_state', fragment(), 1);
    };
    // A page opened without a fragment already shows the defaults: decoding
    // nothing (a whole sanitize and plan) would only delay the first frame.
    if (fragment()) load();
    else known = '';
    afterFirstFrame.then(tellReaders);
    window.addEventListener('hashchange', load);
    // After the URL, what follows the state off the canvas (the words for
    // screen readers, the parallel DOM, an embed's host): once per settled
    // change, when the browser is idle (not in the frames that show the
    // change), and before idle() resolves. Each listener gets the text and
    // the state's keys, asked of the app at most once for all of them.
    const whenIdle = (run) => (window.requestIdleCallback ? window.requestIdleCallback(run, { timeout: 250 }) : setTimeout(run, 0));
    let following = 0;  // the last change's turn; an older one that comes late does nothing
    app.onStateChanged = () => {
      clearTimeout(writing);
      hashPending = true;
      const turn = ++following;
      writing = setTimeout(() => {
        // A fragment set since (a link followed, a script's location.hash) whose
        // hashchange has not run yet is not overwritten: its load comes next,
        // and writes again.
        if (fragment() !== known) { lastWritten = null; hashPending = false; return; }
        lastWritten = call('cp_app_get_state');
        if (fragment() !== lastWritten) history.replaceState(history.state, '', '#' + lastWritten);
        known = fragment();
        whenIdle(() => {
          if (turn !== following) return;
          tellReaders();
          let state = null;
          const stateNow = () => (state ||= api.getState());
          for (const fn of stateListeners) fn(lastWritten, stateNow);
          hashPending = false;
          settleIdle();
        });
      }, 150);
    };
    // The page may go full screen only where document.fullscreenEnabled (an
    // iframe needs allow="fullscreen"): an embed's first frame shows its
    // button then.
    const tellHost = () => app._cp_app_set_host(document.fullscreenEnabled && !!document.getElementById('stage').requestFullscreen ? 1 : 0);
    tellHost();
    document.addEventListener('fullscreenchange', tellHost);
    return ctx;
  }

  // [SECTION] After the first frame: the app's second half and the feature
  // modules, in parallel; the modules are attached (in FEATURES' order) once
  // all are here, and ready resolves then.
  async function loadFeatures(ctx) {
    const [modules] = await Promise.all([
      Promise.all(FEATURES.map((file) => import(file).catch((e) => {
        console.error(`convplay: ${file} did not load, so its part of the page is missing:`, e);
        return null;
      }))),
      second.load()]);
    for (const feature of modules) if (feature) feature.attach(ctx);
  }

  // The clipboard API needs a secure context and the page's focus; the old
  // execCommand path covers plain-http course servers. Either way the page
  // says what it copied (a 'convplay:copied' event, for hosts and tests).
  async function copyText(text) {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch (e) {
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.cssText = 'position:fixed;left:-9999px;top:0';
      document.body.appendChild(area);
      area.select();
      try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
      area.remove();
      canvas.focus({ preventScroll: true });
    }
    window.dispatchEvent(new CustomEvent('convplay:copied', { detail: { text, ok } }));
    return ok;
  }

  script.onload = () => {
    /* global createConvplayApp */
    const started = createConvplayApp({
      canvas,
      // The wasm compiled since the page started (compileWasm), instantiated here.
      instantiateWasm(imports, receive) {
        compiled.then((module) => { second.prepare(module, imports); return WebAssembly.instantiate(module, imports); })
          .then((instance) => { second.attach(instance.exports); receive(instance); })
          .catch((err) => fail('convplay could not be loaded.', ` ${err && err.message ? err.message : err}; check your connection and reload.`));
        return {};
      },
      // Called by the app after it has drawn its first frame.
      onFirstFrame() {
        window.convplay.firstFrameMs = performance.now();  // since navigation started
        status.classList.add('done');
        drawnFirstFrame();
      },
      printErr(text) { console.warn(text); },
    });
    // The bridge is attached before the first frame (main() has run; the loop
    // draws on the next animation frame), the features after it.
    started.then((app) => {
      const ctx = attach(app);
      return afterFirstFrame.then(() => loadFeatures(ctx));
    }).then(() => { attachedFeatures(); resolveReady(window.convplay); })
      .catch((err) => fail('convplay could not start.', ' ' + (err && err.message ? err.message : err)));
  };
  document.head.appendChild(script);
}

main();
