// tools_exports.cpp — the code tools module (dist/convplay-tools.mjs + .wasm):
// the code writers (PyTorch, Keras) and the paste reader (parser, binder,
// modules), loaded by web/code.js the first time the Code tab or the page's
// code()/importCode() needs them. The first frame draws none of this, so it
// is not in the first load (DESIGN.md, Budgets).
//
// It holds no state: the app hands it the document as the codec's link text
// (module/doc_text.h) and gets code text, or the pasted document back as
// link text, which the app opens as a link and commits through its one door
// (state/commit.h). Strings returned point into a buffer valid until the
// next call.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <string>

#include "module/doc_text.h"
#include "scene/scene_json.h"
#include "state/formats/code.h"

namespace {

std::string g_reply;  // the last JSON handed to JS
std::string g_wire;   // the last pasted document, as link text

const char* Reply(std::string text) {
    g_reply = std::move(text);
    return g_reply.c_str();
}

cp::Doc DocAt(const uint8_t* text, int size) {
    return cp::DocOfText(text && size > 0 ? std::string_view(reinterpret_cast<const char*>(text), size_t(size))
                                          : std::string_view());
}

}  // namespace

extern "C" {

// The document (link text) as code: {pytorch, keras, why_not} (code.h
// PyTorchCode, KerasCodeOf: keras is why_not as a comment when Keras has no
// exact equivalent).
EMSCRIPTEN_KEEPALIVE const char* cp_tools_code(const uint8_t* wire, int size) {
    const cp::Doc doc = DocAt(wire, size);
    const cp::KerasCode keras = cp::KerasCodeOf(doc);
    return Reply("{\"pytorch\":" + cp::JsonString(cp::PyTorchCode(doc)) + ",\"keras\":" + cp::JsonString(keras.code) +
                 ",\"why_not\":" + cp::JsonString(keras.why_not) + "}");
}

// Pasted PyTorch code read against the current document (code.h ImportCode):
// {parsed, message, notices, rows, params}. parsed: a document was read (its
// link text is then cp_tools_wire(), for the app to commit); message: why not,
// or what applying it says ("Applied 2 layers: ..."); notices: the paste's
// own (what was not read, where the chain stops); rows: every module read,
// [{path, type, kind, out: [C, H, W] or [features], params, side}]; params:
// their total (model.parameters()).
EMSCRIPTEN_KEEPALIVE const char* cp_tools_import(const char* text, const uint8_t* wire, int size) {
    g_wire.clear();
    const cp::CodeImport imported = cp::ImportCode(text ? text : "", DocAt(wire, size));
    const bool parsed = imported.doc.ok();
    if (parsed) g_wire = cp::DocText(imported.doc.value());
    std::string notices = "[";
    for (const std::string& n : imported.notices) notices += (notices.size() > 1 ? "," : "") + cp::JsonString(n);
    static constexpr const char* kKinds[] = {"layer", "pass", "pad", "adaptive", "upsample", "flatten", "linear", "concat"};
    std::string rows = "[";
    for (const cp::PastedRow& r : imported.model.rows) {
        if (rows.size() > 1) rows += ',';
        rows += "{\"path\":" + cp::JsonString(r.path) + ",\"type\":" + cp::JsonString(r.type) + ",\"kind\":\"" +
                kKinds[int(r.kind)] + "\",\"out\":" +
                (r.flat ? "[" + std::to_string(r.out.c) + "]"
                        : "[" + std::to_string(r.out.c) + "," + std::to_string(r.out.h) + "," + std::to_string(r.out.w) + "]") +
                ",\"params\":" + std::to_string(r.params) + ",\"side\":" + (r.side ? "true" : "false") + "}";
    }
    return Reply(std::string("{\"parsed\":") + (parsed ? "true" : "false") + ",\"message\":" +
                 cp::JsonString(parsed ? cp::CodeAppliedMessage(imported.doc.value()) : imported.doc.error()) +
                 ",\"notices\":" + notices + "],\"rows\":" + rows + "],\"params\":" +
                 std::to_string(imported.model.Params()) + "}");
}

// The last paste's document (link text; empty when none was read).
EMSCRIPTEN_KEEPALIVE const uint8_t* cp_tools_wire() { return reinterpret_cast<const uint8_t*>(g_wire.data()); }
EMSCRIPTEN_KEEPALIVE int cp_tools_wire_size() { return int(g_wire.size()); }

}  // extern "C"
