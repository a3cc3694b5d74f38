// ui_image_view.cpp — image mode: its controls, then its scene
// (scene/image_scene.h: the picture and the viewed map as texture grids, the
// border, the legend, the pointed pixel's window and numbers) drawn by the
// figure (ui_figure.cpp) like the cell view's, with the frame's GL textures;
// a stack's chain of maps above it, as in the cell view.
//
// [SECTION] INDEX
//   Controls       the picture, grey or RGB, the output channel, the colour scale
//   Figure         the scene, the chain above it, where the pictures were drawn
//   Switch/Preset  the Cells | Image switch and the kernel preset combo (also in the cell view)
#include <algorithm>
#include <string>

#include "engine/names.h"
#include "imgui.h"
#include "scene/image_scene.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

// [SECTION] Controls
void PictureCombo(const Session& session, Edits& edits) {
    const SampleImage picture = session.view().image;
    float widest = 0;
    for (const SampleInfo& s : kSampleImages)
        widest = std::max(widest, ImGui::CalcTextSize(std::string(s.label).c_str()).x);
    ImGui::SetNextItemWidth(widest + ImGui::GetFrameHeight() * 1.5f);
    if (ImGui::BeginCombo("##picture", std::string(SampleInfoOf(picture).label).c_str())) {
        for (const SampleInfo& s : kSampleImages)
            if (ImGui::Selectable(std::string(s.label).c_str(), s.image == picture)) {
                if (s.image == SampleImage::Own) edits.AskHost("image-open");  // the page holds it, or asks for one
                else edits.EditView(session).image = s.image;
            }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) Tooltip("The picture the layers run on");
}

void Controls(const Session& session, const ImageFrame& frame, Edits& edits) {
    const View& view = session.view();
    PictureCombo(session, edits);
    ImGui::SameLine();
    if (ImGui::Button("Open picture\xE2\x80\xA6")) edits.AskHost("image-open");
    if (ImGui::IsItemHovered())
        Tooltip("A picture of your own (PNG, JPEG, GIF, WebP); or drop one on the page.\n"
                          "It stays in this page: links do not carry it.");
    ImGui::SameLine();
    const int channels = session.doc().input.channels;
    if (ImGui::RadioButton("Grey", channels == 1)) edits.EditDoc(session).input.channels = 1;
    ImGui::SameLine();
    if (ImGui::RadioButton("RGB", channels == 3)) edits.EditDoc(session).input.channels = 3;
    NoteWidget("image.rgb");
    if (!frame.run || frame.run->layers.empty()) return;
    ImGui::SameLine();
    bool full = view.image_full_range;
    if (ImGui::Checkbox("Full range", &full)) edits.EditView(session).image_full_range = full;
    if (ImGui::IsItemHovered())
        Tooltip("Colour each map over its whole range. Off: its 1st to 99th percentile,\n"
                          "so a few extreme pixels (or the border that reads zero padding) do not wash it out.");
    const size_t shown = std::min(size_t(std::max(view.layer, 0)), frame.run->layers.size() - 1);
    const int out_c = frame.run->layers[shown].out.c;
    if (out_c > 1) {
        ImGui::SameLine();
        int channel = view.image_channel;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        if (ImGui::SliderInt("##channel", &channel, 0, out_c - 1, "channel %d", ImGuiSliderFlags_AlwaysClamp))
            edits.EditView(session).image_channel = channel;
        if (ImGui::IsItemHovered()) Tooltip("The output channel the map shows");
    }
}

// Where the figure drew the picture and the map (its "figure.*" widgets),
// for the page API (getImage().rects).
Edits::ImageRects DrawnRects() {
    Edits::ImageRects rects;
    for (const WidgetRect& r : WidgetRects()) {
        float* to = r.id == "figure.source" ? rects.input : r.id == "figure.output" ? rects.output : nullptr;
        if (to) to[0] = r.x, to[1] = r.y, to[2] = r.w, to[3] = r.h;
    }
    return rects;
}

// A stack's chain, each box the map's texture (box 0: the picture inside its
// padding band); the cone of the pointed pixel on every earlier map.
void Chain(const Session& session, const Scene& scene, const ImageFrame& frame, const Fonts& fonts, Edits& edits) {
    const ImageRun& run = *frame.run;
    auto texture = [&](int id) { return size_t(id) < frame.textures.size() ? frame.textures[size_t(id)] : 0u; };
    std::vector<ChainTexture> textures{{texture(kPictureTexture)}};
    const Shape padded = run.PaddedShape();
    if (padded.h > 0 && padded.w > 0) {
        ChainTexture& t = textures.front();
        t.u0 = float(run.pad.left) / float(padded.w), t.v0 = float(run.pad.top) / float(padded.h);
        t.u1 = float(run.pad.left + run.input.shape.w) / float(padded.w);
        t.v1 = float(run.pad.top + run.input.shape.h) / float(padded.h);
    }
    for (size_t i = 0; i < run.layers.size(); ++i) textures.push_back({texture(MapTexture(i))});
    const View& view = session.view();
    const CellRef cone = view.hover.valid() ? view.hover
                         : scene.out_row >= 0 ? CellRef{view.layer, scene.out_row, scene.out_col}
                                              : CellRef{};
    const CellRef over = DrawChain(session, frame.doc, frame.plans, fonts, edits, cone, textures);
    if (over.valid()) edits.EditView(session).hover = over;  // (the figure cleared it: not over its grid)
}

}  // namespace

// [SECTION] Figure
void DrawImageView(const Session& session, const Scene& scene, const ImageFrame& frame, const Fonts& fonts,
                   Edits& edits) {
    Controls(session, frame, edits);
    if (!frame.caption.empty()) ImGui::TextDisabled("%s", frame.caption.c_str());
    if (!frame.run || frame.run->layers.empty() || scene.grids.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", frame.status.c_str());
        return;
    }
    // A stack's chain above the figure, where there is room for both (as in
    // the cell view), drawn after it so that a box under the pointer wins
    // the hover the figure clears.
    const bool chain = frame.run->layers.size() > 1 && ImGui::GetContentRegionAvail().y > ChainHeight() * 2.5f;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    if (chain)
        ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + ChainHeight() + ImGui::GetStyle().ScrollbarSize +
                                                   ImGui::GetTextLineHeightWithSpacing()));
    DrawFigure(session, scene, fonts, edits, false, &frame.textures);
    edits.image_rects = DrawnRects();
    if (chain) {
        ImGui::SetCursorScreenPos(top);
        Chain(session, scene, frame, fonts, edits);
    }
}

// [SECTION] Switch/Preset
void DrawViewSwitch(const Session& session, Edits& edits) {
    const ViewMode mode = session.view().mode;
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("VIEW");
    ImGui::SameLine();
    if (ImGui::RadioButton("Cells", mode == ViewMode::Cells)) edits.EditView(session).mode = ViewMode::Cells;
    if (ImGui::IsItemHovered()) Tooltip("Every cell, window and number of the viewed layer");
    ImGui::SameLine();
    if (ImGui::RadioButton("Image", mode == ViewMode::Image)) edits.EditView(session).mode = ViewMode::Image;
    if (ImGui::IsItemHovered()) Tooltip("The layers run on a picture: what the kernel does to an image");
}

bool KernelPresetControl(Layer& layer, float label_column) {
    ImGui::PushID("kernel preset");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Preset");
    if (ImGui::IsItemHovered()) Tooltip("A named kernel as the weights (any kernel size); edit cells on top of it");
    ImGui::SameLine(label_column);
    bool changed = false;
    if (layer.op() != OpKind::Conv2d && layer.op() != OpKind::ConvTranspose2d) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("none: a pool has no weights");
    } else {
        ImGui::SetNextItemWidth(-1);
        const std::string current = Fitting(std::string(KernelPresetLabel(layer.kernel_preset)),
                                            ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() -
                                                ImGui::GetStyle().FramePadding.x * 2);
        if (ImGui::BeginCombo("##preset", current.c_str())) {
            for (int i = 0; i < kKernelPresetCount; ++i) {
                const auto p = KernelPreset(i);
                const std::string label(KernelPresetLabel(p));
                if (ImGui::Selectable(label.c_str(), p == layer.kernel_preset) && p != layer.kernel_preset) {
                    layer.kernel_preset = p;
                    layer.weight_edits.clear();  // the preset whole; edits start again on top of it
                    changed = true;
                }
            }
            ImGui::EndCombo();
        }
    }
    ImGui::PopID();
    return changed;
}

}  // namespace cp::ui
