// app_bridge.cpp — the one door between the page and the app: set and get the
// state as the codec's text, read the geometry and the scene as JSON, export
// the figure as SVG. web/convplay.js builds window.convplay on these; the URL
// fragment and (later) postMessage go through the same calls. The Share
// section serves web/share.js (exports, print).
//
// Strings returned point into a buffer that stays valid until the next call.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "app/app.h"
#include "imgui.h"
#include "module/doc_text.h"
#include "state/formats/code.h"
#include "scene/describe.h"
#include "scene/scene_json.h"
#include "scene/svg.h"
#include "state/commit.h"
#include "state/formats/codec.h"
#include "state/formats/presets.h"
#include "state/formats/share_names.h"
#include "ui/ui.h"
#include "state/analysis/stack.h"
#include "ui/ui_code_panel.h"

namespace cp::app {
namespace {

std::string g_reply;  // the last string handed to JS

const char* Reply(std::string text) {
    g_reply = std::move(text);
    return g_reply.c_str();
}

std::string NoticesJson(const std::vector<Notice>& notices) {
    std::string s = "[";
    for (size_t i = 0; i < notices.size(); ++i) {
        if (i) s += ',';
        s += "{\"field\":" + JsonString(notices[i].field) + ",\"text\":" + JsonString(notices[i].text) + "}";
    }
    return s + "]";
}

// The state's keys as a JSON object, as getState() gives them.
std::string StateJson(const Session& s) {
    std::string json = "{";
    for (const auto& [key, value] : StateKeys(s.doc(), s.view())) {
        if (json.size() > 1) json += ',';
        json += JsonString(key) + ":" + JsonString(value);
    }
    return json + "}";
}

}  // namespace
}  // namespace cp::app

extern "C" {

// The state as flat key=value text (the URL fragment's format).
EMSCRIPTEN_KEEPALIVE const char* cp_app_get_state() {
    const cp::Session& s = cp::app::Model().session;
    return cp::app::Reply(cp::EncodeState(s.doc(), s.view()));
}

// Applies key=value text on top of the current state (keys not named keep
// their values; `reset` = 1 starts from the defaults, as a fresh URL does).
// Returns the notices it raised, as a JSON array; they are also shown.
EMSCRIPTEN_KEEPALIVE const char* cp_app_set_state(const char* text, int reset) {
    cp::app::AppModel& m = cp::app::Model();
    cp::Change change;
    change.from = cp::From::Host;  // the page (URL, setState, postMessage) may set locked keys
    change.doc = m.session.doc();
    change.view = m.session.view();
    const std::string_view t = text ? text : "";
    // A fresh link takes each op's own defaults; a partial update carries over
    // what the ops share.
    const cp::DecodeResult decoded =
        reset ? cp::DecodeState(t, *change.doc, *change.view) : cp::ApplyState(t, *change.doc, *change.view);
    change.notices = decoded.notices;
    change.doc_from_codec = true;  // decoded and sanitized once: the commit plans it, without sanitizing again
    return cp::app::Reply(cp::app::NoticesJson(cp::app::Commit(std::move(change)).notices));
}

// The state's keys as a JSON object {key: 'value'} (getState), from the codec.
EMSCRIPTEN_KEEPALIVE const char* cp_app_state_json() { return cp::app::Reply(cp::app::StateJson(cp::app::Model().session)); }

// What the Share tools call the figure (state/formats/share_names.h), so the
// page keeps no copy of the codec's rules: {title, file, link, embed, speed}:
// the title in words, a file name without extension, the full playground's
// fragment (PlaygroundState: no embed keys), an embed's (embed=1, without
// origin and autoheight), and the play speed (steps a second, a GIF's pace).
EMSCRIPTEN_KEEPALIVE const char* cp_app_share_names() {
    const cp::Session& s = cp::app::Model().session;
    char speed[32];
    std::snprintf(speed, sizeof speed, "%.9g", double(s.view().speed));
    return cp::app::Reply("{\"title\":" + cp::JsonString(cp::FigureTitle(s.doc())) + ",\"file\":" +
                          cp::JsonString(cp::FigureFileStem(s.doc())) + ",\"link\":" +
                          cp::JsonString(cp::PlaygroundState(s.doc(), s.view())) + ",\"embed\":" +
                          cp::JsonString(cp::EmbedState(s.doc(), s.view())) + ",\"speed\":" + speed + "}");
}

// The caption an embed shows above its figure (share_names.h FigureCaption):
// the preset's title while the figure is the preset's, else the configuration
// in words marked as changed; "" without a preset.
EMSCRIPTEN_KEEPALIVE const char* cp_app_caption() {
    const cp::Session& s = cp::app::Model().session;
    const cp::Preset* p = s.view().preset.empty() ? nullptr : cp::FindPreset(s.view().preset);
    return cp::app::Reply(cp::FigureCaption(s.doc(), p, p && cp::IsPresetDoc(*p, s.doc())));
}

// 1 while the loop has frames to draw (an edit settling, an animation), 0
// when idle: convplay.idle() waits for Module.onIdle then.
EMSCRIPTEN_KEEPALIVE int cp_app_busy() { return cp::app::Model().frames_to_draw > 0 ? 1 : 0; }

// The number of commits so far (app.h AppModel::commits): convplay.shown(n)
// waits for the frame that shows commit n (Module.onFrameShown).
EMSCRIPTEN_KEEPALIVE unsigned cp_app_commit_count() { return cp::app::Model().commits; }

// The page's prefers-color-scheme (or the host page's theme): what
// theme=auto resolves to.
EMSCRIPTEN_KEEPALIVE void cp_app_set_prefers_dark(int dark) {
    cp::app::AppModel& m = cp::app::Model();
    m.prefers_dark = dark != 0;
    m.Wake();
}

// The figure in words, for the page's aria-live description (a quiz's
// says what is asked, not the answer).
EMSCRIPTEN_KEEPALIVE const char* cp_app_describe() {
    const cp::app::AppModel& m = cp::app::Model();
    const cp::View& view = m.session.view();
    std::string verdict;  // an answered quiz says first whether the answer was right
    if (view.embed.quiz != cp::Quiz::Off && view.quiz_answered && m.session.viewed().picture.ok()) {
        const cp::Shape out = m.session.viewed().picture.value().out;
        const std::string said = std::to_string(view.quiz_h) + "\xC3\x97" + std::to_string(view.quiz_w);
        verdict = view.quiz_h == out.h && view.quiz_w == out.w ? "Quiz: right, " + said + ". "
                                                               : "Quiz: not quite, you said " + said + ". ";
    }
    return cp::app::Reply(verdict + cp::Describe(m.session.viewed(), m.scene, view.HidesOutput()));
}

// What the page allows (web/embed.js): full screen (document.fullscreenEnabled;
// an iframe needs allow="fullscreen"). The embed's button shows only then.
EMSCRIPTEN_KEEPALIVE void cp_app_set_host(int can_fullscreen) {
    cp::app::AppModel& m = cp::app::Model();
    cp::View view = m.session.view();
    view.can_fullscreen = can_fullscreen != 0;
    if (m.session.SetView(view)) m.Wake();
}

// The presets menu's entries: [{id, group, title, caption, fragment}], each
// fragment a link that opens it.
EMSCRIPTEN_KEEPALIVE const char* cp_app_presets() {
    std::string s = "[";
    for (const cp::Preset& p : cp::Presets()) {
        if (s.size() > 1) s += ',';
        s += "{\"id\":" + cp::JsonString(std::string(p.id)) + ",\"group\":" + cp::JsonString(std::string(p.group)) +
             ",\"title\":" + cp::JsonString(std::string(p.title)) + ",\"caption\":" +
             cp::JsonString(std::string(p.caption)) + ",\"fragment\":" + cp::JsonString(cp::PresetLink(p)) + "}";
    }
    return cp::app::Reply(s + "]");
}

// The viewed layer's numbers, as the engine computed them: {input, weights,
// output}, each {shape: [N, C, H, W], data: [...]} (weights null for a pool),
// or {error}.
EMSCRIPTEN_KEEPALIVE const char* cp_app_values() {
    const cp::LayerPlan& plan = cp::app::Model().session.viewed();
    if (!plan.picture.ok()) return cp::app::Reply("{\"error\":" + cp::JsonString(plan.picture.error()) + "}");
    auto tensor = [](const cp::Tensor& t) -> std::string {
        if (t.data.empty()) return "null";
        std::string s = "{\"shape\":[" + std::to_string(t.shape.n) + "," + std::to_string(t.shape.c) + "," +
                        std::to_string(t.shape.h) + "," + std::to_string(t.shape.w) + "],\"data\":[";
        char buf[32];
        for (size_t i = 0; i < t.data.size(); ++i) {
            // JSON has no infinities (a max pool's padding): null stands for them.
            if (std::isfinite(t.data[i])) std::snprintf(buf, sizeof buf, "%s%.9g", i ? "," : "", double(t.data[i]));
            else std::snprintf(buf, sizeof buf, "%snull", i ? "," : "");
            s += buf;
        }
        return s + "]}";
    };
    return cp::app::Reply("{\"input\":" + tensor(plan.input) + ",\"weights\":" + tensor(plan.weights) +
                          ",\"output\":" + tensor(plan.output) + "}");
}

// [SECTION] Code (web/code.js, with the code tools module)
// The code writers and the paste reader live in their own module
// (src/module/tools_exports.cpp), loaded on first use; the two talk through
// the document as doc_wire bytes (module/doc_wire.h: the Doc exactly, the
// layers a link cannot name included).

std::string g_wire;  // the last document handed to JS, as link text

// The document on screen as link text: cp_app_doc_wire_size() bytes of it.
EMSCRIPTEN_KEEPALIVE const uint8_t* cp_app_doc_wire() {
    g_wire = cp::DocText(cp::app::Model().session.doc());
    return reinterpret_cast<const uint8_t*>(g_wire.data());
}
EMSCRIPTEN_KEEPALIVE int cp_app_doc_wire_size() { return int(g_wire.size()); }

// The code tools' code for the document in `wire` (cp_tools_code), for the
// Code panel, which shows "loading..." until it has the code of the document
// on screen (it asks the page with the host action "code").
EMSCRIPTEN_KEEPALIVE void cp_app_set_code(const uint8_t* wire, int size, const char* pytorch, const char* keras,
                                          const char* why_not) {
    if (!wire || size <= 0) return;
    const cp::Doc doc = cp::DocOfText(std::string_view(reinterpret_cast<const char*>(wire), size_t(size)));
    cp::ui::ReceiveCode(doc, pytorch ? pytorch : "", {keras ? keras : "", why_not ? why_not : ""});
    cp::app::Model().Wake();
}

// A pasted document (the code tools' cp_tools_wire, link text) applied like
// every edit: opened as its link (what state/commit.h ThroughCodec does in
// one module), then the one commit, a student's change. {refused, notices,
// state}: notices are the repairs and the commit's (the lock gate's), state
// the keys after it. No text changes nothing: {refused: true}.
EMSCRIPTEN_KEEPALIVE const char* cp_app_apply_pasted(const uint8_t* wire, int size) {
    cp::app::AppModel& m = cp::app::Model();
    cp::CommitResult result;
    if (wire && size > 0) {
        // Opened as a link opens (sanitized, round-tripped: what a link to
        // it shows), with what was repaired as the paste's notices.
        cp::Change change;
        change.doc = cp::DocOfText(std::string_view(reinterpret_cast<const char*>(wire), size_t(size)), &change.notices);
        change.doc_from_codec = true;  // opened as a link: sanitized once, by the codec
        change.view = m.session.view();
        change.view->preset.clear();  // the caption described the state before
        result = cp::app::Commit(std::move(change));
    } else {
        result.refused = true;
        result.notices.push_back({"code", "The code tools gave no document."});
    }
    return cp::app::Reply(std::string("{\"refused\":") + (result.refused ? "true" : "false") +
                          ",\"notices\":" + cp::app::NoticesJson(result.notices) +
                          ",\"state\":" + cp::app::StateJson(m.session) + "}");
}

// What the Code panel says under its paste field after Apply (the paste's
// message and first notices, or why nothing was read: `failed`).
EMSCRIPTEN_KEEPALIVE void cp_app_paste_message(const char* text, int failed) {
    cp::ui::ReceivePasteMessage(text ? text : "", failed != 0);
    cp::app::Model().Wake();
}

// Text the browser pasted (its clipboard never reaches SDL's): typed into
// the focused text field, e.g. the Code tab's paste field. "1" if a field has
// the focus (and took the text), "0" if none (the page then leaves the event
// alone); an empty text only asks.
EMSCRIPTEN_KEEPALIVE const char* cp_app_paste(const char* text) {
    if (!text || !ImGui::GetCurrentContext() || !ImGui::GetIO().WantTextInput) return "0";
    const std::string_view t(text);
    if (t.empty()) return "1";
    // At most a field's worth: the input queue stays bounded.
    const std::string bounded(t.substr(0, cp::kMaxCodeText));
    ImGui::GetIO().AddInputCharactersUTF8(bounded.c_str());
    cp::app::Model().Wake();
    return "1";
}

// Where the last frame drew its named widgets (ui::WidgetRects), in CSS px
// of the canvas: [{id, x, y, w, h}]. For tests that click a control where
// it is drawn.
EMSCRIPTEN_KEEPALIVE const char* cp_app_widgets() {
    std::string s = "[";
    char buf[128];
    for (const cp::ui::WidgetRect& r : cp::ui::WidgetRects()) {
        if (s.size() > 1) s += ',';
        std::snprintf(buf, sizeof buf, ",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", double(r.x), double(r.y),
                      double(r.w), double(r.h));
        s += "{\"id\":" + cp::JsonString(r.id) + buf;
    }
    return cp::app::Reply(s + "]");
}

EMSCRIPTEN_KEEPALIVE const char* cp_app_notices() {
    return cp::app::Reply(cp::app::NoticesJson(cp::app::Model().session.notices()));
}

EMSCRIPTEN_KEEPALIVE const char* cp_app_geometry() {
    const cp::app::AppModel& m = cp::app::Model();
    return cp::app::Reply(cp::GeometryJson(m.session.viewed(), m.scene));
}

EMSCRIPTEN_KEEPALIVE const char* cp_app_scene() { return cp::app::Reply(cp::SceneJson(cp::app::Model().scene)); }

// The figure's grids as the parallel DOM reads them (web/a11y-dom.js), after
// every change: {scene, numbered}, where scene is the scene JSON of a copy
// without what it never reads (paint, flags, frames, labels, arrows) and
// without the numbers of a grid over max_cells cells (one it names by its
// size only), and numbered[i] says whether grid i has a number per cell.
// The whole scene of a model's figure is tens of KB of JSON per change.
EMSCRIPTEN_KEEPALIVE const char* cp_app_scene_cells(int max_cells) {
    const cp::Scene& scene = cp::app::Model().scene;
    cp::Scene cells;
    cells.width = scene.width, cells.height = scene.height;
    cells.error = scene.error, cells.steps = scene.steps, cells.step = scene.step;
    cells.out_row = scene.out_row, cells.out_col = scene.out_col;
    cells.window_top = scene.window_top, cells.window_left = scene.window_left;
    cells.window_bottom = scene.window_bottom, cells.window_right = scene.window_right;
    std::string numbered = "[";
    for (const cp::SceneGrid& g : scene.grids) {
        const size_t n = size_t(g.rows) * size_t(g.cols);
        cp::SceneGrid copy;
        copy.name = g.name, copy.x = g.x, copy.y = g.y, copy.rows = g.rows, copy.cols = g.cols;
        copy.texture = g.texture, copy.cell = g.cell, copy.edit = g.edit;
        if (g.values.size() == n && n <= size_t(std::max(0, max_cells))) copy.values = g.values;
        numbered += std::string(numbered.size() > 1 ? "," : "") + (g.values.size() == n ? "true" : "false");
        cells.grids.push_back(std::move(copy));
    }
    return cp::app::Reply("{\"scene\":" + cp::SceneJson(cells) + ",\"numbered\":" + numbered + "]}");
}

// The layer stack's table (state/analysis/stack.h: StackJson), for getStack().
EMSCRIPTEN_KEEPALIVE const char* cp_app_stack() {
    const cp::Session& s = cp::app::Model().session;
    return cp::app::Reply(cp::StackJson(cp::SummarizeStack(s.doc(), s.plans())));
}

// The figure as SVG, in the view's theme (as on the canvas), titled with the
// figure in words.
EMSCRIPTEN_KEEPALIVE const char* cp_app_svg() {
    const cp::app::AppModel& m = cp::app::Model();
    return cp::app::Reply(cp::SceneSvg(m.scene, 32, m.session.view().dark, cp::Describe(m.session.viewed(), m.scene),
                                       cp::app::SceneRasters(m)));
}

// [SECTION] Share (web/share.js)
// The figure at output step `step` (row-major; wrapped into range), for the
// GIF's frames: the view's own scene but without the pointer's hover or a pin,
// so every frame shows its step's window. The session is not touched: the page
// on screen does not move while a GIF is made. `cell`: CSS pixels a cell (a
// large figure's frames are drawn small, and their numbers then left out, as
// the canvas does). "" when the layer is invalid.
EMSCRIPTEN_KEEPALIVE const char* cp_app_svg_at_step(int step, float cell) {
    const cp::app::AppModel& m = cp::app::Model();
    const cp::LayerPlan& plan = m.session.viewed();
    if (!plan.picture.ok() || plan.picture.value().Steps() <= 0) return cp::app::Reply("");
    cp::View view = m.session.view();
    const int64_t steps = plan.picture.value().Steps();
    view.step = int(((int64_t(step) % steps) + steps) % steps);
    view.hover = {};
    view.hover_input = {};
    view.pinned = {};
    view.playing = false;
    const cp::Scene scene = cp::BuildScene(plan, view);
    return cp::app::Reply(cp::SceneSvg(scene, std::clamp(cell, 2.0f, 64.0f), view.dark));
}

// The figure in the light palette, whatever the screen's theme: for print
// (paper is white).
EMSCRIPTEN_KEEPALIVE const char* cp_app_svg_light() {
    const cp::app::AppModel& m = cp::app::Model();
    return cp::app::Reply(cp::SceneSvg(m.scene, 32, false, cp::Describe(m.session.viewed(), m.scene), cp::app::SceneRasters(m)));
}

// A message from the page shown with the notices (e.g. that a GIF holds only
// some of the steps): what it did, said where the reader looks.
EMSCRIPTEN_KEEPALIVE void cp_app_add_notice(const char* field, const char* text) {
    cp::Change change;
    change.from = cp::From::Host;
    change.notices = {cp::Notice{field ? field : "", text ? text : ""}};
    cp::app::Commit(std::move(change));
}

}  // extern "C"
