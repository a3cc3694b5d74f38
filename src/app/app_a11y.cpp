// app_a11y.cpp — the bridge calls of the page's parallel DOM (web/a11y.js):
// real HTML controls, the step-through and the figure as a grid beside the
// canvas, for keyboards and screen readers. Everything here reads the same
// session and scene the canvas draws; the controls write the state through
// the codec (window.convplay.setState), so there is no second model.
//
//   cp_app_controls()          the viewed layer's controls: JSON below
//   cp_app_cell_words(g, r, c) one cell of the figure in words (scene/cell_words.h)
//   cp_app_formula()           the output size worked out, as text lines (the formula panel's)
//   cp_app_quiz()              the quiz in words: JSON below
//   cp_app_quiz_answer(h, w)   the student's answer, as the quiz panel's Check
//   cp_app_tooltip()           the tooltip the last frame showed: {text, x, y, w, h}, or null
//
// Strings returned point into a buffer that stays valid until the next call here.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <string>

#include "app/app.h"
#include "engine/names.h"
#include "scene/cell_words.h"
#include "scene/formula.h"
#include "scene/quiz.h"
#include "scene/scene_json.h"
#include "state/formats/embed.h"
#include "state/image/images.h"
#include "state/image/kernels.h"
#include "state/model/limits.h"
#include "ui/ui.h"

namespace cp::app {
namespace {

std::string g_a11y_reply;

const char* Reply(std::string text) {
    g_a11y_reply = std::move(text);
    return g_a11y_reply.c_str();
}

std::string Str(const std::string& s) { return JsonString(s); }

// One control: {key, label, help, kind, min, max, h, w, locked[, options, value]}.
// kind "pair" (h and w; a link writes N or HxW), "int", "select", "check", "sides" (sides: [top, bottom,
// left, right]; a link writes t,b,l,r).
struct ControlJson {
    std::string json = "[";
    const View& view;
    void Add(const std::string& body, const char* key) {
        if (json.size() > 1) json += ',';
        json += "{\"key\":" + Str(key) + ",\"locked\":" + (Locked(view, key) ? "true" : "false") + "," + body + "}";
    }
    void Pair(const char* key, const char* label, const char* help, Size2 v, int lo, int hi) {
        Add("\"kind\":\"pair\",\"label\":" + Str(label) + ",\"help\":" + Str(help) + ",\"min\":" + std::to_string(lo) +
                ",\"max\":" + std::to_string(hi) + ",\"h\":" + std::to_string(v.h) + ",\"w\":" + std::to_string(v.w),
            key);
    }
    void Int(const char* key, const char* label, const char* help, int v, int lo, int hi) {
        Add("\"kind\":\"int\",\"label\":" + Str(label) + ",\"help\":" + Str(help) + ",\"min\":" + std::to_string(lo) +
                ",\"max\":" + std::to_string(hi) + ",\"value\":" + std::to_string(v),
            key);
    }
    void Check(const char* key, const char* label, const char* help, bool v) {
        Add("\"kind\":\"check\",\"label\":" + Str(label) + ",\"help\":" + Str(help) + ",\"value\":" + (v ? "true" : "false"),
            key);
    }
    // options: [[token, label], ...]; value: the token the link has now.
    void Select(const char* key, const char* label, const char* help, const std::vector<std::pair<std::string, std::string>>& options,
                const std::string& value) {
        std::string o = "[";
        for (const auto& [token, text] : options) o += (o.size() > 1 ? "," : "") + std::string("[") + Str(token) + "," + Str(text) + "]";
        Add("\"kind\":\"select\",\"label\":" + Str(label) + ",\"help\":" + Str(help) + ",\"options\":" + o +
                "],\"value\":" + Str(value),
            key);
    }
};

template <class E>
std::vector<std::pair<std::string, std::string>> Options() {
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < EnumCount<E>(); ++i) out.emplace_back(std::string(TokenOf(E(i))), std::string(LabelOf(E(i))));
    return out;
}

// Image mode's own controls, as its toolbar has them: the picture, grey or
// RGB, the output channel the map shows, the colour scale.
void ImageControls(ControlJson& c, const Doc& doc, const View& view, const LayerPlan& viewed) {
    std::vector<std::pair<std::string, std::string>> pictures;
    for (const SampleInfo& info : kSampleImages)  // (your own picture comes from the page's Open picture)
        if (info.image != SampleImage::Own || view.image == SampleImage::Own)
            pictures.emplace_back(std::string(info.token), std::string(info.label));
    c.Select("img", "Picture", "The picture the layers run on", pictures, std::string(SampleInfoOf(view.image).token));
    c.Select("cin", "Colours", "The picture in grey (1 channel) or in colour (3 channels)", {{"1", "grey"}, {"3", "RGB"}},
             std::to_string(doc.input.channels));
    const int out_c = viewed.out.ok() ? viewed.out.value().c : 1;
    if (out_c > 1)
        c.Int("och", "Output channel shown", "The output channel the map shows (0 is the first)",
              std::clamp(view.image_channel, 0, out_c - 1), 0, out_c - 1);
    c.Select("scale", "Colour scale", "Full: each map over its whole range. Robust: its 1st to 99th percentile, so a few extreme pixels do not wash it out",
             {{"robust", "robust (1st to 99th percentile)"}, {"full", "full range"}}, view.image_full_range ? "full" : "robust");
}

// The viewed layer's controls, in the order the Layer panel draws them, with
// the same ranges (state/model/limits.h). Padding by a rule (same, valid)
// is a select of its own; its numbers then follow from the rule.
std::string ControlsJson(const Doc& doc, const View& view, const LayerPlan& m_viewed) {
    ControlJson c{"[", view};
    const Layer& layer = doc.layers[size_t(view.layer)];
    const DocLimits lim = LimitsFor(doc.layers.size());
    c.Select("view", "The figure shows", "Cells: every cell, window and number; a picture: what the kernel does to an image",
             {{"cells", "cells"}, {"image", "a picture"}}, view.mode == ViewMode::Image ? "image" : "cells");
    if (view.mode == ViewMode::Image) ImageControls(c, doc, view, m_viewed);
    c.Select("op", "Operation", "What slides over the input", Options<OpKind>(), std::string(TokenOf(layer.op())));
    if (view.mode != ViewMode::Image) {
        c.Pair("in", "Input size", "Height and width of the input feature map, in cells", {doc.input.h, doc.input.w}, 1,
               lim.input_side);
        c.Int("cin", "Input channels", "Input channels (C in)", doc.input.channels, 1, lim.channels);
    }
    c.Pair("k", "Kernel size", "Kernel height and width, in cells (k)", KernelOf(layer), 1, lim.kernel_side);
    if (layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d) {
        std::vector<std::pair<std::string, std::string>> presets;
        for (int i = 0; i < kKernelPresetCount; ++i)
            presets.emplace_back(std::string(KernelPresetToken(KernelPreset(i))), std::string(KernelPresetLabel(KernelPreset(i))));
        c.Select("kp", "Kernel weights", "A named kernel as the weights (any kernel size), or your own cells", presets,
                 std::string(KernelPresetToken(doc.layers[size_t(view.layer)].kernel_preset)));
    }
    c.Pair("s", "Stride", "How far the window moves each step, in cells (s)", StrideOf(layer), 1, kMaxStride);
    bool per_side = false;
    if (const auto* conv = std::get_if<Conv2dOptions>(&layer.options)) {
        const Padding4& q = conv->pad;
        per_side = conv->rule == PaddingRule::Explicit && !(q.top == q.bottom && q.left == q.right);
        const char* rule = conv->rule == PaddingRule::Same ? "same" : conv->rule == PaddingRule::Valid ? "valid"
                         : conv->rule == PaddingRule::SameTF ? "SAME" : per_side ? "sides" : "explicit";
        c.Select("p", "Padding rule", "How the input is padded: a number of cells, one per side, or a rule that works it out",
                 {{"explicit", "a number of cells"}, {"sides", "a number per side"}, {"same", "same (PyTorch)"},
                  {"valid", "valid"}, {"SAME", "SAME (TensorFlow)"}},
                 rule);
        if (conv->rule == PaddingRule::Explicit)  // four numbers, the link's p=top,bottom,left,right (shown for "a number per side")
            c.Add("\"kind\":\"sides\",\"label\":\"Padding per side\",\"help\":\"Cells added above, below, left and right\",\"min\":0,"
                  "\"max\":" + std::to_string(kMaxPadding) + ",\"sides\":[" + std::to_string(q.top) + "," +
                      std::to_string(q.bottom) + "," + std::to_string(q.left) + "," + std::to_string(q.right) + "]",
                  "p");
    }
    const Size2 p = PaddingOf(layer);
    if (!per_side) c.Pair("p", "Padding", "Cells added on each side (p)", p, 0, kMaxPadding);
    if (HasDilation(layer)) c.Pair("d", "Dilation", "Spacing between kernel taps, in cells (d)", DilationOf(layer), 1, kMaxDilation);
    if (const auto* conv = std::get_if<Conv2dOptions>(&layer.options))
        c.Select("pm", "Padding mode", "What the padding holds: zeros, or copies of the input's edge",
                 Options<PaddingMode>(), std::string(TokenOf(conv->mode)));
    if (const auto* t = std::get_if<ConvTranspose2dOptions>(&layer.options))
        c.Pair("opad", "Output padding", "output_padding: extra rows and columns on one side of the output",
               t->output_padding, 0, kMaxStride - 1);
    if (const auto* m = std::get_if<MaxPool2dOptions>(&layer.options))
        c.Check("ceil", "Round the output size up (ceil_mode)", "A last, partial window", m->ceil_mode);
    if (const auto* a = std::get_if<AvgPool2dOptions>(&layer.options)) {
        c.Check("ceil", "Round the output size up (ceil_mode)", "A last, partial window", a->ceil_mode);
        c.Check("cip", "Count padding in the average (count_include_pad)", "Whether padding cells count in the divisor",
                a->count_include_pad);
        c.Int("div", "Divisor (divisor_override; 0: none)",
              "Divide every window's sum by this number instead of its cell count; 0 leaves the count", std::max(0, a->divisor_override),
              0, 100);
    }
    if (layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d) {
        c.Int("cout", "Filters", "Output channels (C out)", layer.out_channels, 1, lim.channels);
        const auto* conv = std::get_if<Conv2dOptions>(&layer.options);
        const auto* t = std::get_if<ConvTranspose2dOptions>(&layer.options);
        const int groups = conv ? conv->groups : t ? t->groups : 1;
        c.Int("g", "Groups", "Channels are split into this many groups, each with its own filters (groups)", groups, 1,
              lim.channels);
        c.Check("flip", "Flip the kernel (textbook convolution)",
                "Deep learning's convolution is cross-correlation; the textbook convolution flips the kernel first",
                doc.flip_kernel);
    }
    c.Check("hm", "Heatmap: how often each input cell is read", "Border cells are read by fewer windows", view.heatmap);
    return c.json + "]";
}

std::string QuizJson(const AppModel& m) {
    const Doc& doc = m.session.doc();
    const View& view = m.session.view();
    const QuizFeedback f = JudgeQuiz(doc, m.session.viewed(), view);
    std::string s = "{\"on\":" + std::string(view.embed.quiz != Quiz::Off ? "true" : "false") +
                    ",\"newQuestion\":" + (view.embed.quiz == Quiz::On ? "true" : "false") +
                    ",\"question\":" + Str(QuizQuestionText(doc, doc.layers[size_t(view.layer)])) +
                    ",\"answered\":" + (f.answered ? "true" : "false") + ",\"right\":" + (f.right ? "true" : "false") +
                    ",\"retry\":" + (f.retry ? "true" : "false") + ",\"tries\":" + std::to_string(f.tries) +
                    ",\"triesLeft\":" + std::to_string(f.tries_left) + ",\"hint\":" + Str(f.hint) +
                    ",\"verdict\":" + Str(f.verdict) + ",\"general\":" + Str(f.general) + ",\"working\":[";
    for (size_t i = 0; i < f.working.size(); ++i) s += (i ? "," : "") + Str(f.working[i]);
    s += "],\"notes\":[";
    for (size_t i = 0; i < f.notes.size(); ++i) s += (i ? "," : "") + Str(f.notes[i]);
    return s + "]}";
}

}  // namespace
}  // namespace cp::app

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* cp_app_controls() {
    const cp::Session& s = cp::app::Model().session;
    return cp::app::Reply(cp::app::ControlsJson(s.doc(), s.view(), s.viewed()));
}

EMSCRIPTEN_KEEPALIVE const char* cp_app_cell_words(const char* grid, int r, int c) {
    const cp::app::AppModel& m = cp::app::Model();
    return cp::app::Reply(cp::CellWords(m.session.viewed(), m.scene, m.session.view(), grid ? grid : "", r, c));
}

// ["Conv2d: out = ⌊(in + 2p − d(k − 1) − 1) / s⌋ + 1", "H = W  ⌊(7 + 2 − 3) / 1⌋ + 1 = 7", notes...];
// [] while a quiz hides the output (the formula is its answer).
EMSCRIPTEN_KEEPALIVE const char* cp_app_formula() {
    const cp::app::AppModel& m = cp::app::Model();
    const cp::View& view = m.session.view();
    std::string s = "[";
    auto add = [&](const std::string& line) { s += (s.size() > 1 ? "," : "") + cp::JsonString(line); };
    if (!view.HidesOutput()) {
        const cp::LayerWorking w = cp::WorkLayer(m.session.doc().layers[size_t(view.layer)], m.session.viewed());
        if (!w.error.empty()) add(w.error);
        else {
            add(w.op + ": " + w.general);
            if (!w.symbols.empty()) add(w.symbols);
            for (const cp::AxisWorking& a : w.axes) {
                add(a.axis + ": " + a.formula);
                for (const std::string& note : a.notes) add(note);
            }
        }
    }
    return cp::app::Reply(s + "]");
}

EMSCRIPTEN_KEEPALIVE const char* cp_app_quiz() { return cp::app::Reply(cp::app::QuizJson(cp::app::Model())); }

// The student's answer, as the quiz panel's Check gives it (the View's
// transient answer; never in a link). Returns cp_app_quiz()'s JSON.
EMSCRIPTEN_KEEPALIVE const char* cp_app_quiz_answer(int h, int w) {
    cp::app::AppModel& m = cp::app::Model();
    cp::View view = m.session.view();
    if (view.embed.quiz != cp::Quiz::Off && !view.quiz_answered && h >= 0 && w >= 0 && h <= 999 && w <= 999) {
        view = cp::AnswerQuiz(view, m.session.viewed(), h, w);
        cp::app::AskHost("answer", cp::QuizAnswerJson(m.session.doc(), m.session.viewed(), view));
        cp::Change change;  // through the one door, as the quiz panel's Check
        change.view = view;
        cp::app::Commit(std::move(change));
    }
    return cp::app::Reply(cp::app::QuizJson(m));
}

// What a student sees in the tooltip, and where (CSS pixels of the canvas):
// the e2e tests check it stays inside the screen and says "tap" on touch.
EMSCRIPTEN_KEEPALIVE const char* cp_app_tooltip() {
    const cp::ui::TooltipShown& t = cp::ui::LastTooltip();
    if (t.text.empty()) return cp::app::Reply("null");
    return cp::app::Reply("{\"text\":" + cp::JsonString(t.text) + ",\"x\":" + std::to_string(t.x) + ",\"y\":" +
                          std::to_string(t.y) + ",\"w\":" + std::to_string(t.w) + ",\"h\":" + std::to_string(t.h) + "}");
}

}  // extern "C"
