// convplay.js — the page's glue: checks that this browser can run the
// playground, shows progress or a clear message, starts the wasm app and
// exposes window.convplay = { version, ready }.
// ready resolves once the first frame is on the canvas; it rejects (and the
// page says why) when the browser lacks WebGL2 or WebAssembly SIMD, or the
// app fails to load.
'use strict';
(function () {
  const VERSION = '@PROJECT_VERSION@';  // filled in by the build
  const status = document.getElementById('status');
  const statusText = document.getElementById('status-text');
  const canvas = document.getElementById('canvas');

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
    rejectReady(new Error(title + ' ' + detail));
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
  function hasWebGL2() {
    try { return !!document.createElement('canvas').getContext('webgl2'); } catch (e) { return false; }
  }

  if (!hasWasmSimd()) {
    fail('This browser cannot run convplay.',
         ' It needs WebAssembly SIMD, which current Chrome, Edge, Firefox and Safari (16.4+) all support. Please update your browser.');
    return;
  }
  if (!hasWebGL2()) {
    fail('This browser cannot run convplay.',
         ' It needs WebGL 2, which is missing or turned off here (check that hardware acceleration is enabled).');
    return;
  }

  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    fail('The graphics context was lost.', ' Reload the page to continue.');
  });

  const script = document.createElement('script');
  script.src = 'convplay-app.js';
  script.onerror = () => fail('convplay could not be loaded.', ' The file convplay-app.js did not arrive; check your connection and reload.');
  script.onload = () => {
    /* global createConvplayApp */
    createConvplayApp({
      canvas,
      // Called by the app after it has drawn its first frame.
      onFirstFrame() {
        window.convplay.firstFrameMs = performance.now();  // since navigation started
        status.classList.add('done');
        resolveReady(window.convplay);
      },
      printErr(text) { console.warn(text); },
    }).catch((err) => fail('convplay could not start.', ' ' + (err && err.message ? err.message : err)));
  };
  document.head.appendChild(script);
})();
