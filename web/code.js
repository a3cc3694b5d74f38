// code.js — the code export's page API (the Code tab's data), and pasting:
//   window.convplay.code(kind)       a promise of the document as code: 'pytorch'
//                                    (default) or 'keras'
//   window.convplay.importCode(text) applies pasted PyTorch layer code like every
//                                    edit: a promise of {ok, message, notices, state,
//                                    rows, params}, resolved once it is on screen;
//                                    when it cannot be read nothing changes and
//                                    message names the part it did not understand
// The code writers and the paste reader are the code tools module
// (convplay-tools.mjs + .wasm, src/module/tools_exports.cpp), loaded here on
// first use: the first frame needs neither, so neither is in the first load.
// The two hand each other the document as the codec's link text, copied as
// bytes between their heaps (cp_app_doc_wire, cp_tools_wire), and the app
// commits a pasted document through its one door (cp_app_apply_pasted).
// The Code tab asks for the same through the host actions "code" and
// "import-code".
// The browser's clipboard never reaches SDL's, so a paste (Ctrl/Cmd+V) on
// the canvas is handed to the focused text field (cp_app_paste), e.g. the
// Code tab's paste field. SDL cancels that keydown, which would stop the
// browser from firing 'paste': while a field has the focus, the key is kept
// from SDL (taken before its listener, as convplay.js does for Tab).
let toolsModule = null;  // a promise of the instantiated tools module, made once
let toolsLoaded = null;  // the module itself, once it has arrived
function loadTools() {
  toolsModule ??= import('./convplay-tools.mjs').then((m) => m.default()).then((tools) => (toolsLoaded = tools));
  toolsModule.catch(() => { toolsModule = null; });  // a failed load is tried again on the next use
  return toolsModule;
}
// run(tools) at once when the module is here (a paste is then parsed and
// committed within the call, as before the split), else once it arrives.
const withTools = (run) => (toolsLoaded ? new Promise((resolve) => resolve(run(toolsLoaded))) : loadTools().then(run));

export function attach({ app, api, call, withText, canvas, hostActions, whenShown }) {
  // Bytes from the app's heap into a fresh buffer of the tools' heap: run(ptr, size).
  const withBytes = (tools, bytes, run) => {
    const ptr = tools._malloc(Math.max(1, bytes.length));
    try {
      tools.HEAPU8.set(bytes, ptr);
      return run(ptr, bytes.length);
    } finally { tools._free(ptr); }
  };
  const docBytes = () => {
    const ptr = app._cp_app_doc_wire();
    return app.HEAPU8.slice(ptr, ptr + app._cp_app_doc_wire_size());
  };
  const toolsText = (tools, name, ...args) => tools.UTF8ToString(tools['_' + name](...args));
  // A text argument for the tools: run(ptr).
  const withToolsText = (tools, text, run) => {
    const size = tools.lengthBytesUTF8(text) + 1;
    const ptr = tools._malloc(size);
    try {
      tools.stringToUTF8(text, ptr, size);
      return run(ptr);
    } finally { tools._free(ptr); }
  };
  // Bytes into the app's heap: run(ptr, size).
  const withAppBytes = (bytes, run) => {
    const ptr = app._malloc(Math.max(1, bytes.length));
    try {
      app.HEAPU8.set(bytes, ptr);
      return run(ptr, bytes.length);
    } finally { app._free(ptr); }
  };

  // The code of the document on screen: {pytorch, keras, why_not, bytes}.
  const codeOf = async () => {
    const tools = await loadTools();
    const bytes = docBytes();
    const code = JSON.parse(withBytes(tools, bytes, (p, n) => toolsText(tools, 'cp_tools_code', p, n)));
    if (code.error) throw new Error(code.error);
    return { ...code, bytes };
  };
  api.code = async (kind = 'pytorch') => {
    const code = await codeOf();
    return String(kind) === 'keras' ? code.keras : code.pytorch;
  };
  // The Code tab asks for the code of the document it shows.
  hostActions.code = async () => {
    let code;
    try {
      code = await codeOf();
    } catch (e) {
      code = { pytorch: `# the code tools did not load: ${e.message}`, keras: '', why_not: '', bytes: docBytes() };
    }
    withAppBytes(code.bytes, (p, n) => {
      const texts = [code.pytorch, code.keras, code.why_not].map((t) => {
        const size = app.lengthBytesUTF8(t) + 1;
        const ptr = app._malloc(size);
        app.stringToUTF8(t, ptr, size);
        return ptr;
      });
      try { app._cp_app_set_code(p, n, ...texts); } finally { for (const t of texts) app._free(t); }
    });
  };

  // Reads pasted code in the tools module and commits what it builds through
  // the app's door: the result importCode promises (before it is drawn).
  const importWith = (tools, text) => {
    const read = JSON.parse(withBytes(tools, docBytes(), (p, n) =>
      withToolsText(tools, String(text), (t) => toolsText(tools, 'cp_tools_import', t, p, n))));
    const own = read.notices.map((n) => ({ field: 'code', text: n }));
    if (!read.parsed) {
      return { ok: false, message: read.message, notices: own, state: JSON.parse(call('cp_app_state_json')),
               rows: read.rows, params: read.params };
    }
    const wirePtr = tools._cp_tools_wire();
    const wire = tools.HEAPU8.slice(wirePtr, wirePtr + tools._cp_tools_wire_size());
    const done = JSON.parse(withAppBytes(wire, (p, n) => call('cp_app_apply_pasted', p, n)));
    return { ok: !done.refused, message: done.refused ? done.notices[0].text : read.message,
             notices: own.concat(done.notices), state: done.state, rows: read.rows, params: read.params };
  };
  // Resolves once the result is on screen (convplay.js whenShown).
  api.importCode = (text) => withTools((tools) => importWith(tools, text)).then(whenShown);
  // The Code tab's Apply: the same, its answer shown under the field (the
  // message, then the first notices of what was not read).
  hostActions['import-code'] = async (text) => {
    let message, failed;
    try {
      const result = await withTools((tools) => importWith(tools, text));
      failed = !result.ok;
      message = [result.message, ...result.notices.filter((n) => n.field === 'code').slice(0, 4).map((n) => n.text)]
        .join('\n');
    } catch (e) {
      failed = true;
      message = `The code tools did not load: ${e.message}`;
    }
    withText('cp_app_paste_message', message, failed ? 1 : 0);
  };

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
