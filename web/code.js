// code.js — the code export's page API (the Code tab's data):
//   window.convplay.code(kind)       the document as code: 'pytorch' (default) or 'keras'
//   window.convplay.importCode(text) applies pasted PyTorch layer code like every
//                                    edit: {ok, message, notices, state}; when it
//                                    cannot be read nothing changes and message
//                                    names the part it did not understand
// Both go through the app's bridge (cp_app_code, cp_app_import_code in
// src/app/app_bridge.cpp); the parsing and writing are src/state/code.cpp's.
export function attach({ api, withText }) {
  api.code = (kind = 'pytorch') => withText('cp_app_code', String(kind));
  api.importCode = (text) => JSON.parse(withText('cp_app_import_code', String(text)));
}
