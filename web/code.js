// code.js — the code export's page API (the Code tab's data), and pasting:
//   window.convplay.code(kind)       the document as code: 'pytorch' (default) or 'keras'
//   window.convplay.importCode(text) applies pasted PyTorch layer code like every
//                                    edit: a promise of {ok, message, notices, state},
//                                    resolved once it is on screen; when it
//                                    cannot be read nothing changes and message
//                                    names the part it did not understand
// Both go through the app's bridge (cp_app_code, cp_app_import_code in
// src/app/app_bridge.cpp); the parsing and writing are src/state/code.cpp's.
// The browser's clipboard never reaches SDL's, so a paste (Ctrl/Cmd+V) on
// the canvas is handed to the focused text field (cp_app_paste), e.g. the
// Code tab's paste field. SDL cancels that keydown, which would stop the
// browser from firing 'paste': while a field has the focus, the key is kept
// from SDL (taken before its listener, as convplay.js does for Tab).
export function attach({ api, withText, canvas, whenShown }) {
  api.code = (kind = 'pytorch') => withText('cp_app_code', String(kind));
  // Resolves once the result is on screen (convplay.js whenShown).
  api.importCode = (text) => whenShown(JSON.parse(withText('cp_app_import_code', String(text))));
  window.addEventListener('keydown', (e) => {
    if (e.target !== canvas || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'v') return;
    if (withText('cp_app_paste', '') === '1') e.stopImmediatePropagation();
  }, true);
  // The text is typed in once Ctrl/Cmd is up: ImGui ignores typed
  // characters while Ctrl is held (they would be shortcuts).
  let pending = null;
  const flush = () => {
    if (pending !== null) withText('cp_app_paste', pending);
    pending = null;
  };
  canvas.addEventListener('paste', (e) => {
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (!text || withText('cp_app_paste', '') !== '1') return;
    e.preventDefault();
    pending = text.replace(/\r\n?/g, '\n');
    setTimeout(flush, 1000);  // if the key-up never comes (focus lost)
  });
  window.addEventListener('keyup', (e) => {
    if (pending !== null && !e.ctrlKey && !e.metaKey) setTimeout(flush, 0);  // after SDL has seen the key-up
  });
}
