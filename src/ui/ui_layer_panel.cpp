// ui_layer_panel.cpp — the controls of the viewed layer: its op, the input,
// every parameter of the op (one slider per parameter while height and width
// are linked), and the engine's own message where it refuses the
// configuration; then the step-through. Reads the session and the frame's
// scene; every change goes into `edits`.
//
// [SECTION] Widgets
// [SECTION] Parameters
// [SECTION] Step-through
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "engine/names.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "scene/scene_json.h"
#include "state/formats/embed.h"
#include "state/model/limits.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

constexpr float kColumn = 96;  // where the sliders start

// [SECTION] Widgets

// Exact values: a pencil at the end of each slider row (visible, unlike
// ImGui's Ctrl+click, and the same on a phone). Pressed, it asks the page
// for a real text box over the control (host action "edit", a11y-dom.js
// editValue); the typed value goes through the codec like a link's.
struct Exact {
    const char* key = nullptr;  // the codec key; none: no pencil
    const char* form = "pair";  // "one" number, a "pair" (N or HxW), four "sides"
    std::string value;          // the codec's text now; empty: from the slider's numbers
    const char* id = nullptr;   // the widget's id, if not "edit.<key>"
    Exact() = default;
    Exact(const char* key_, const char* form_ = "pair", std::string value_ = {}, const char* id_ = nullptr)
        : key(key_), form(form_), value(std::move(value_)), id(id_) {}
};
Edits* g_edits = nullptr;  // the frame's edits, while Parameters draws

// None on a locked control (its padlock says why): its slider keeps the room.
bool HasPencil(const Exact& exact) { return exact.key && g_edits && !(GImGui->CurrentItemFlags & ImGuiItemFlags_Disabled); }
float PencilWidth(const Exact& exact) { return HasPencil(exact) ? ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x : 0; }

// A double-click on a slider opens the same box, as a spreadsheet cell does,
// and takes back the jump its first click made: v returns to what it was when
// that click pressed, and the slider lets go. Call right after each slider.
bool DoubleClickedForBox(const Exact& exact, Size2& v, const Size2& before) {
    if (!HasPencil(exact)) return false;
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID h_id = ImGui::GetID("pressed at h"), w_id = ImGui::GetID("pressed at w");
    if (ImGui::IsItemActive() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        v = {storage->GetInt(h_id, before.h), storage->GetInt(w_id, before.w)};
        ImGui::ClearActiveID();
        return true;
    }
    if (ImGui::IsItemActivated()) storage->SetInt(h_id, before.h), storage->SetInt(w_id, before.w);
    return false;
}

void Pencil(const Exact& exact, const char* label, int lo, int hi, ImVec2 control_min, ImVec2 control_max,
            const std::string& value, bool double_clicked = false) {
    if (!HasPencil(exact)) return;
    ImGui::SameLine();
    const float side = ImGui::GetFrameHeight();
    const bool pressed = ImGui::Button("##exact", ImVec2(side, side)) || double_clicked;
    const std::string id = exact.id ? exact.id : std::string("edit.") + exact.key;
    NoteWidget(id.c_str());
    const bool sides = std::string(exact.form) == "sides";
    if (sides) label = "Padding: top, bottom, left, right";
    if (ImGui::IsItemHovered()) Tooltip("Type an exact value: %s", label);
    // A pencil: its body along the diagonal, a tip at the lower left.
    const ImVec2 a = ImGui::GetItemRectMin();
    const float u = side / 16;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 c = ImGui::GetColorU32(ImGuiCol_Text);
    const ImVec2 tip(a.x + 4 * u, a.y + 12 * u), end(a.x + 12 * u, a.y + 4 * u);
    dl->AddLine(ImVec2(tip.x + 1.5f * u, tip.y - 1.5f * u), end, c, 2.6f * u);
    dl->AddTriangleFilled(tip, ImVec2(tip.x + 2.6f * u, tip.y - 0.4f * u), ImVec2(tip.x + 0.4f * u, tip.y - 2.6f * u), c);
    dl->AddLine(ImVec2(a.x + 3.5f * u, a.y + 13.2f * u), ImVec2(a.x + 12.5f * u, a.y + 13.2f * u), c, 1.2f * u);
    if (!pressed) return;
    char rect[96];
    std::snprintf(rect, sizeof rect, ",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f", control_min.x, control_min.y,
                  control_max.x - control_min.x, control_max.y - control_min.y);
    g_edits->AskHost("edit", "{\"key\":" + JsonString(exact.key) + ",\"label\":" + JsonString(label) + ",\"form\":" +
                                 JsonString(exact.form) + ",\"value\":" + JsonString(exact.value.empty() ? value : exact.value) +
                                 ",\"min\":" + std::to_string(lo) + ",\"max\":" + std::to_string(hi) + rect + "}");
}

void Label(const char* label, const char* tooltip) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    if (tooltip && ImGui::IsItemHovered()) Tooltip("%s", tooltip);
    ImGui::SameLine(kColumn);
}

// A parameter with a height and a width: one slider setting both while they
// are linked and equal, else a pair. Returns true on change.
bool PairSlider(const char* label, const char* tooltip, Size2& v, int lo, int hi, bool linked, const Exact& exact = {}) {
    ImGui::PushID(label);
    Label(label, tooltip);
    bool changed = false, box = false;
    const Size2 before = v;
    const float pencil = PencilWidth(exact);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    if (linked && v.h == v.w) {
        ImGui::SetNextItemWidth(-1 - pencil);
        if (ImGui::SliderInt("##hw", &v.h, lo, hi, "%d", ImGuiSliderFlags_AlwaysClamp)) {
            v.w = v.h;
            changed = true;
        }
        box = DoubleClickedForBox(exact, v, before);
    } else {
        const float w = (ImGui::GetContentRegionAvail().x - pencil - ImGui::GetStyle().ItemSpacing.x) / 2;
        ImGui::SetNextItemWidth(w);
        changed |= ImGui::SliderInt("##h", &v.h, lo, hi, "h %d", ImGuiSliderFlags_AlwaysClamp);
        box = DoubleClickedForBox(exact, v, before);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(w);
        changed |= ImGui::SliderInt("##w", &v.w, lo, hi, "w %d", ImGuiSliderFlags_AlwaysClamp);
        box |= DoubleClickedForBox(exact, v, before);
    }
    changed = changed || box;
    const Size2 shown = box ? v : before;
    Pencil(exact, label, lo, hi, start, ImGui::GetItemRectMax(),
           shown.h == shown.w ? std::to_string(shown.h) : std::to_string(shown.h) + "x" + std::to_string(shown.w), box);
    ImGui::PopID();
    return changed && (v.h != before.h || v.w != before.w);
}

bool IntSlider(const char* label, const char* tooltip, int& v, int lo, int hi, const char* key = nullptr) {
    ImGui::PushID(label);
    Label(label, tooltip);
    const Exact exact{key, "one"};
    const int before = v;
    ImGui::SetNextItemWidth(-1 - PencilWidth(exact));
    ImGui::SliderInt("##v", &v, lo, hi, "%d", ImGuiSliderFlags_AlwaysClamp);
    Size2 pair{v, v};
    const bool box = DoubleClickedForBox(exact, pair, {before, before});
    if (box) v = pair.h;
    Pencil(exact, label, lo, hi, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), std::to_string(box ? v : before), box);
    ImGui::PopID();
    return v != before;
}

// A combo over an enum's canonical names (labels from engine/names.h).
template <class E>
bool EnumCombo(const char* label, const char* tooltip, E& value) {
    ImGui::PushID(label);
    Label(label, tooltip);
    ImGui::SetNextItemWidth(-1);
    bool changed = false;
    const std::string current(LabelOf(value));
    if (ImGui::BeginCombo("##combo", current.c_str())) {
        for (int i = 0; i < EnumCount<E>(); ++i) {
            const E e = E(i);
            const std::string text(LabelOf(e));
            if (ImGui::Selectable(text.c_str(), e == value)) {
                value = e;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    ImGui::PopID();
    return changed;
}

// An embed's locked control (lock=, state/formats/embed.h): drawn disabled, with a
// small padlock left of its slider and a tooltip saying why. A student's
// change that needs a locked key is refused again, whole, by the one commit
// (state/commit.h), so a key or a click cannot get past this either. The control's rectangle is
// noted under its codec key (WidgetRects) for the tests.
class LockScope {
public:
    LockScope(const View& view, const char* key) : key_(key), locked_(Locked(view, key)), top_(ImGui::GetCursorScreenPos()) {
        if (locked_) ImGui::BeginDisabled();
    }
    ~LockScope() {
        const ImVec2 end = ImGui::GetItemRectMax();  // the control's whole row, label to last slider
        const float left = ImGui::GetWindowPos().x + kColumn;
        NoteWidget(key_, left, top_.y, end.x - left, end.y - top_.y);
        if (!locked_) return;
        ImGui::EndDisabled();
        // A padlock in the label column, just before the control.
        const float s = ImGui::GetFontSize() * 0.55f;
        const float x = ImGui::GetWindowPos().x + kColumn - s - 8, y = top_.y + (ImGui::GetFrameHeight() - s) / 2 + s * 0.2f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImU32 c = ImGui::GetColorU32(ImGuiCol_TextDisabled);
        dl->AddRectFilled(ImVec2(x, y + s * 0.35f), ImVec2(x + s, y + s), c, 1.5f);
        dl->PathArcTo(ImVec2(x + s / 2, y + s * 0.35f), s * 0.32f, 3.14159f, 2 * 3.14159f);
        dl->PathStroke(c, 0, 1.5f);
        const ImVec2 a(ImGui::GetWindowPos().x, top_.y), b(ImGui::GetItemRectMax().x, ImGui::GetItemRectMax().y);
        if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered())
            Tooltip("Locked by the page this is embedded in");
    }
    LockScope(const LockScope&) = delete;
    LockScope& operator=(const LockScope&) = delete;

private:
    const char* key_;
    bool locked_;
    ImVec2 top_;
};

// [SECTION] Parameters

// Conv padding: how it is given (explicit symmetric, per side, or a rule).
enum class PadForm { Symmetric, PerSide, Same, Valid, SameTF };
PadForm FormOf(const Conv2dOptions& o) {
    switch (o.rule) {
        case PaddingRule::Same: return PadForm::Same;
        case PaddingRule::Valid: return PadForm::Valid;
        case PaddingRule::SameTF: return PadForm::SameTF;
        case PaddingRule::Explicit: break;
    }
    return o.pad.top == o.pad.bottom && o.pad.left == o.pad.right ? PadForm::Symmetric : PadForm::PerSide;
}

void ConvPadding(Conv2dOptions& o, bool linked, bool& changed) {
    static const char* const kForms[] = {"symmetric", "per side", "same (PyTorch)", "valid", "SAME (TensorFlow)"};
    int form = int(FormOf(o));
    Label("Padding", "How the input is padded: a number per axis or side, or a rule that works it out");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##padform", &form, kForms, IM_ARRAYSIZE(kForms))) {
        changed = true;
        switch (PadForm(form)) {
            case PadForm::Symmetric: o.rule = PaddingRule::Explicit; o.pad = Padding4::Symmetric(o.pad.top, o.pad.left); break;
            case PadForm::PerSide: o.rule = PaddingRule::Explicit; break;
            case PadForm::Same: o.rule = PaddingRule::Same; break;
            case PadForm::Valid: o.rule = PaddingRule::Valid; break;
            case PadForm::SameTF: o.rule = PaddingRule::SameTF; break;
        }
    }
    if (o.rule != PaddingRule::Explicit) return;
    if (PadForm(form) == PadForm::Symmetric) {
        Size2 p{o.pad.top, o.pad.left};
        if (PairSlider("Pad size", "Cells added on each side (p)", p, 0, kMaxPadding, linked, {"p"})) {
            o.pad = Padding4::Symmetric(p.h, p.w);
            changed = true;
        }
        return;
    }
    Size2 tb{o.pad.top, o.pad.bottom}, lr{o.pad.left, o.pad.right};
    const Exact sides{"p", "sides", std::to_string(o.pad.top) + "," + std::to_string(o.pad.bottom) + "," +
                                         std::to_string(o.pad.left) + "," + std::to_string(o.pad.right)};
    if (PairSlider("top, bottom", "Padding above and below", tb, 0, kMaxPadding, false, sides)) {
        o.pad.top = tb.h, o.pad.bottom = tb.w;
        changed = true;
    }
    if (PairSlider("left, right", "Padding left and right", lr, 0, kMaxPadding, false, {"p", "sides", sides.value, "edit.p.lr"})) {
        o.pad.left = lr.h, o.pad.right = lr.w;
        changed = true;
    }
}

void Parameters(const Session& session, Edits& edits) {
    g_edits = &edits;
    struct Done { ~Done() { g_edits = nullptr; } } done;
    const Doc& doc = session.doc();
    const View& view = session.view();
    const int index = view.layer;
    const Layer& layer = doc.layers[size_t(index)];
    const bool linked = view.link_hw;

    ImGui::TextDisabled("LAYER");
    ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize("Link h = w").x -
                    ImGui::GetFrameHeight() - ImGui::GetStyle().ItemInnerSpacing.x);
    bool link = linked;
    if (ImGui::Checkbox("Link h = w", &link)) edits.EditView(session).link_hw = link;
    if (ImGui::IsItemHovered()) Tooltip("One slider for height and width while they are equal");

    Layer next = layer;
    bool changed = false;
    OpKind op = layer.op();
    {
        LockScope lock(view, "op");
        if (EnumCombo("Operation", "What slides over the input", op)) {
            next = ChangeOp(layer, op);
            changed = true;
        }
    }

    InputSpec input = doc.input;
    Size2 in{input.h, input.w};
    // A stack has larger, geometry-only limits (limits.h).
    const DocLimits lim = LimitsFor(doc.layers.size());
    const int kMaxInputSide = lim.input_side, kMaxChannels = lim.channels, kMaxKernelSide = lim.kernel_side;
    bool input_changed = false;
    if (view.mode == ViewMode::Image) {
        // Image mode's input is the picture: its size is the picture's, its
        // channels the Grey | RGB choice above the figure.
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Input");
        ImGui::SameLine(kColumn);
        ImGui::TextDisabled("the picture (Grey or RGB above it)");
    } else {
        {
            LockScope lock(view, "in");
            input_changed |= PairSlider("Input", "Height and width of the input feature map", in, 1, kMaxInputSide, linked, {"in"});
        }
        {
            LockScope lock(view, "cin");
            input_changed |= IntSlider("Channels", "Input channels (C in)", input.channels, 1, kMaxChannels, "cin");
        }
    }

    Size2 k = KernelOf(next), s = StrideOf(next), d = DilationOf(next);
    {
        LockScope lock(view, "k");
        if (PairSlider("Kernel", "Kernel size (k)", k, 1, kMaxKernelSide, linked, {"k"})) SetKernel(next, k), changed = true;
    }
    {
        LockScope lock(view, "kp");
        changed |= KernelPresetControl(next, kColumn);  // ui_image_view.cpp
    }
    {
        LockScope lock(view, "s");
        if (PairSlider("Stride", "How far the window moves each step (s)", s, 1, kMaxStride, linked, {"s"}))
            SetStride(next, s), changed = true;
    }
    {
        LockScope lock(view, "p");
        if (auto* c = std::get_if<Conv2dOptions>(&next.options)) {
            ConvPadding(*c, linked, changed);
        } else {
            Size2 p = PaddingOf(next);
            if (PairSlider("Padding", "Padding on each side (p)", p, 0, kMaxPadding, linked, {"p"})) SetPadding(next, p), changed = true;
        }
    }
    if (HasDilation(next)) {
        LockScope lock(view, "d");
        if (PairSlider("Dilation", "Spacing between kernel taps (d)", d, 1, kMaxDilation, linked, {"d"}))
            SetDilation(next, d), changed = true;
    }

    if (auto* c = std::get_if<Conv2dOptions>(&next.options)) {
        LockScope lock(view, "pm");
        changed |= EnumCombo("Pad mode", "What the padding holds: zeros, or copies of the input's edge", c->mode);
    }
    if (auto* t = std::get_if<ConvTranspose2dOptions>(&next.options)) {
        LockScope lock(view, "opad");
        changed |= PairSlider("Out padding", "output_padding: extra rows/columns on one side of the output", t->output_padding,
                              0, kMaxStride - 1, linked, {"opad"});
    }
    auto pool_flags = [&](bool& ceil_mode, bool* count_include_pad) {
        {
            LockScope lock(view, "ceil");
            Label("Rounding", "ceil_mode: round the output size up (a last, partial window)");
            changed |= ImGui::Checkbox("ceil_mode", &ceil_mode);
        }
        if (count_include_pad) {
            LockScope lock(view, "cip");
            Label("Average", "count_include_pad: whether padding cells count in the divisor");
            changed |= ImGui::Checkbox("count_include_pad", count_include_pad);
        }
    };
    if (auto* m = std::get_if<MaxPool2dOptions>(&next.options)) pool_flags(m->ceil_mode, nullptr);
    if (auto* a = std::get_if<AvgPool2dOptions>(&next.options)) pool_flags(a->ceil_mode, &a->count_include_pad);
    auto channels = [&](int& groups) {
        {
            LockScope lock(view, "cout");
            changed |= IntSlider("Filters", "Output channels (C out)", next.out_channels, 1, kMaxChannels, "cout");
        }
        LockScope lock(view, "g");
        changed |= IntSlider("Groups", "Channels are split into this many groups, each with its own filters", groups, 1,
                             kMaxChannels, "g");
    };
    if (auto* c = std::get_if<Conv2dOptions>(&next.options)) channels(c->groups);
    if (auto* t = std::get_if<ConvTranspose2dOptions>(&next.options)) channels(t->groups);

    if (next.op() == OpKind::Conv2d || next.op() == OpKind::ConvTranspose2d) {
        bool flip = doc.flip_kernel;
        LockScope lock(view, "flip");
        Label("Kernel", "Deep learning's convolution is cross-correlation (the kernel as is, what PyTorch computes); "
                        "the textbook convolution flips the kernel first");
        const std::string text = Fitting("flipped (textbook convolution)", ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() -
                                                                             ImGui::GetStyle().ItemInnerSpacing.x);
        if (ImGui::Checkbox((text + "###flip").c_str(), &flip)) edits.EditDoc(session).flip_kernel = flip;
    }
    if (changed) edits.EditDoc(session).layers[size_t(index)] = next;
    if (input_changed) {
        input.h = in.h, input.w = in.w;
        edits.EditDoc(session).input = input;
    }
    // The engine's own message, right under the controls that caused it.
    const LayerPlan& plan = session.viewed();
    if (!plan.out.ok()) {  // a layer too large to draw is valid: no message here
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, PaintVec4(Paint::Error, view.dark));
        ImGui::TextWrapped("%s", plan.out.error().c_str());
        ImGui::PopStyleColor();
    }
}

// [SECTION] Step-through

void StepThrough(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits) {
    ImGui::TextDisabled("STEP THROUGH");
    const int steps = int(scene.steps);
    const View& view = session.view();
    if (ImGui::ArrowButton("prev", ImGuiDir_Left)) edits.EditView(session).step = (scene.step + steps - 1) % steps;
    NoteWidget("step.prev");  // the parallel DOM's ring (web/a11y.js) and the tests find them by these ids
    if (ImGui::IsItemHovered()) Tooltip("Step back (Left arrow)");
    ImGui::SameLine();
    if (ImGui::Button(view.playing ? "Pause" : "Play", ImVec2(64, 0))) {
        View& v = edits.EditView(session);
        v.playing = !v.playing;
        v.clock = 0;
    }
    NoteWidget("step.play");
    if (ImGui::IsItemHovered()) Tooltip("Play or pause (Space)");
    ImGui::SameLine();
    if (ImGui::ArrowButton("next", ImGuiDir_Right)) edits.EditView(session).step = (scene.step + 1) % steps;
    NoteWidget("step.next");
    if (ImGui::IsItemHovered()) Tooltip("Step forward (Right arrow)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    int shown = scene.step + 1;
    const std::string format = "step %d of " + std::to_string(steps);
    if (ImGui::SliderInt("##step", &shown, 1, steps, format.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        View& v = edits.EditView(session);
        v.step = shown - 1;
        v.playing = false;
    }
    {
        bool heatmap = view.heatmap;
        LockScope lock(view, "hm");
        if (ImGui::Checkbox("Heatmap: how often each input cell is read", &heatmap)) edits.EditView(session).heatmap = heatmap;
        if (ImGui::IsItemHovered()) Tooltip("Border cells are read by fewer windows: the effect padding exists to fix");
    }
    Label("Speed", "Steps per second while playing");
    float speed = view.speed;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##speed", &speed, 0.25f, 20.0f, "%.2g steps/s", ImGuiSliderFlags_Logarithmic))
        edits.EditView(session).speed = speed;
    ImGui::PushFont(fonts.mono);
    ImGui::Text("out[%d, %d] reads rows %d\xE2\x80\xA6%d, cols %d\xE2\x80\xA6%d", scene.out_row, scene.out_col,
                scene.window_top, scene.window_bottom, scene.window_left, scene.window_right);
    ImGui::PopFont();
    ImGui::TextDisabled("(input coordinates; negative = padding)");
}

}  // namespace

// Back, Play/Pause, Forward and Heatmap above the figure: where they can be
// reached without scrolling a panel, at 1280x800 and on a phone, and in every
// embed. The same edits as the step-through panel's.
void DrawFigureToolbar(const Session& session, const Scene& scene, Edits& edits) {
    const View& view = session.view();
    const int steps = int(scene.steps);
    if (steps < 1 || view.mode != ViewMode::Cells) return;
    ImGui::PushID("figure toolbar");
    if (ImGui::ArrowButton("prev", ImGuiDir_Left)) {
        View& v = edits.EditView(session);
        v.step = (scene.step + steps - 1) % steps, v.playing = false;
    }
    NoteWidget("figure.prev");
    if (ImGui::IsItemHovered()) Tooltip("Step back (Left arrow)");
    ImGui::SameLine(0, 4);
    if (ImGui::Button(view.playing ? "Pause" : "Play", ImVec2(ImGui::CalcTextSize("Pause").x + 20, 0))) {
        View& v = edits.EditView(session);
        v.playing = !v.playing;
        v.clock = 0;
    }
    NoteWidget("figure.play");
    ImGui::SameLine(0, 4);
    if (ImGui::ArrowButton("next", ImGuiDir_Right)) {
        View& v = edits.EditView(session);
        v.step = (scene.step + 1) % steps, v.playing = false;
    }
    NoteWidget("figure.next");
    if (ImGui::IsItemHovered()) Tooltip("Step forward (Right arrow)");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%d/%d", scene.step + 1, steps);
    if (!view.HidesOutput()) {
        ImGui::SameLine();
        bool heatmap = view.heatmap;
        LockScope lock(view, "hm");
        if (ImGui::Checkbox("Heatmap", &heatmap)) edits.EditView(session).heatmap = heatmap;
        NoteWidget("figure.hm");
        if (ImGui::IsItemHovered()) Tooltip("How many windows read each input cell");
    }
    ImGui::PopID();
}

void DrawLayerPanel(const Session& session, const Scene&, const Fonts&, Edits& edits) { Parameters(session, edits); }

void DrawStepPanel(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits) {
    if (scene.steps >= 1) StepThrough(session, scene, fonts, edits);
}

}  // namespace cp::ui
