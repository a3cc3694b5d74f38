// ui_image_view.cpp — image mode: the layers run on a picture, drawn as the
// app prepared them (ui::ImageFrame: the run's numbers and GL textures).
//
// [SECTION] INDEX
//   Controls       the picture, grey or RGB, the output channel
//   Layout         input and feature map side by side at one scale (stacked on a phone)
//   Border         the padding band outlined, its mode named
//   Legend         the colour ramp with its range
//   Peek           the hovered output pixel's window on the input, and its numbers
//   Multiples      a stack: its chain (ui_chain.cpp) with every map's picture and the peeked pixel's cone
//   Switch/Preset  the Cells | Image switch and the kernel preset combo (also in the cell view)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/names.h"
#include "imgui.h"
#include "scene/palette.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

constexpr const char* kPictureNames[] = {"Test card", "Rings (zone plate)", "Checkerboard",
                                         "Photo (Chelsea the cat, CC0)", "Your picture"};

std::string SizeText(int h, int w) { return std::to_string(h) + "\xC3\x97" + std::to_string(w); }

std::string Value(float v) {
    if (!std::isfinite(v)) return v > 0 ? "\xE2\x88\x9E" : "\xE2\x88\x92\xE2\x88\x9E";
    // A float sum's rounding residue (-1.86e-08 where the filter cancels exactly) reads as 0.
    if (std::fabs(v) < 5e-6f) return "0";
    char buf[24];
    std::snprintf(buf, sizeof buf, "%.3g", double(v));
    return buf;
}

float At(const Tensor& t, int c, int y, int x) {
    return t.data[(size_t(c) * size_t(t.shape.h) + size_t(y)) * size_t(t.shape.w) + size_t(x)];
}

// [SECTION] Controls
void Controls(const Session& session, const ImageFrame& frame, Edits& edits) {
    const View& view = session.view();
    int picture = int(view.image);
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("Photo (Chelsea the cat, CC0)").x + ImGui::GetFrameHeight() * 1.5f);
    if (ImGui::BeginCombo("##picture", kPictureNames[picture])) {
        for (int i = 0; i < 5; ++i)
            if (ImGui::Selectable(kPictureNames[i], i == picture)) {
                if (SampleImage(i) == SampleImage::Own) edits.AskHost("image-open");  // the page holds it, or asks for one
                else edits.EditView(session).image = SampleImage(i);
            }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The picture the layers run on");
    ImGui::SameLine();
    if (ImGui::Button("Open picture\xE2\x80\xA6")) edits.AskHost("image-open");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A picture of your own (PNG, JPEG, GIF, WebP); or drop one on the page.\n"
                          "It stays in this page: links do not carry it.");
    ImGui::SameLine();
    const int channels = session.doc().input.channels;
    if (ImGui::RadioButton("Grey", channels == 1)) edits.EditDoc(session).input.channels = 1;
    ImGui::SameLine();
    if (ImGui::RadioButton("RGB", channels == 3)) edits.EditDoc(session).input.channels = 3;
    NoteWidget("image.rgb");
    if (frame.run && !frame.run->layers.empty()) {
        const size_t shown = std::min(size_t(std::max(view.layer, 0)), frame.run->layers.size() - 1);
        const int out_c = frame.run->layers[shown].out.c;
        if (out_c > 1) {
            ImGui::SameLine();
            int channel = view.image_channel;
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
            if (ImGui::SliderInt("##channel", &channel, 0, out_c - 1, "channel %d", ImGuiSliderFlags_AlwaysClamp))
                edits.EditView(session).image_channel = channel;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("The output channel the map shows");
        }
    }
}

// [SECTION] Legend
void Legend(const ImageFrame::Map& m, unsigned texture, ImVec2 at, float width) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float h = 12;
    dl->AddImage(TextureOf(texture), at, ImVec2(at.x + width, at.y + h));
    dl->AddRect(at, ImVec2(at.x + width, at.y + h), ImGui::GetColorU32(ImGuiCol_Border));
    const float ty = at.y + h + 2;
    const std::string lo = Value(m.lo), hi = Value(m.hi);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    dl->AddText(ImVec2(at.x, ty), text, lo.c_str());
    dl->AddText(ImVec2(at.x + width - ImGui::CalcTextSize(hi.c_str()).x, ty), text, hi.c_str());
    const char* mid = m.diverging ? "0" : (m.hi > m.lo ? "" : "constant");
    if (*mid) dl->AddText(ImVec2(at.x + width / 2 - ImGui::CalcTextSize(mid).x / 2, ty), text, mid);
}

// [SECTION] Peek
// The window of output (oy, ox) of the viewed layer: outlined on the input,
// its values and the result written at `text_at` (under the pictures, not in
// a tooltip: a tooltip would cover the window it describes).
void Peek(const Session& session, const ImageRun& run, size_t li, int channel, int oy, int ox, ImVec2 in_origin,
          float scale, int pad_top, int pad_left, ImVec2 text_at, const Fonts& fonts) {
    const Layer& layer = session.doc().layers[li];
    const ImageLayer& L = run.layers[li];
    const Tensor& in = li == 0 ? run.input : run.layers[li - 1].output;
    const std::vector<PeekTap> taps = PeekWindow(layer, in.shape, oy, ox);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool dark = session.view().dark;
    int y0 = INT32_MAX, y1 = INT32_MIN, x0 = INT32_MAX, x1 = INT32_MIN;
    for (const PeekTap& t : taps) {
        y0 = std::min(y0, t.y), y1 = std::max(y1, t.y), x0 = std::min(x0, t.x), x1 = std::max(x1, t.x);
        if (scale >= 3) {  // each tap, where a pixel is big enough to see it
            const ImVec2 a(in_origin.x + float(t.x + pad_left) * scale, in_origin.y + float(t.y + pad_top) * scale);
            dl->AddRect(a, ImVec2(a.x + scale, a.y + scale), PaintColour(Paint::Tap, dark), 0, 0, 1.5f);
        }
    }
    if (!taps.empty()) {
        const ImVec2 a(in_origin.x + float(x0 + pad_left) * scale - 2, in_origin.y + float(y0 + pad_top) * scale - 2);
        const ImVec2 b(in_origin.x + float(x1 + 1 + pad_left) * scale + 2, in_origin.y + float(y1 + 1 + pad_top) * scale + 2);
        dl->AddRect(a, b, IM_COL32(0, 0, 0, 200), 0, 0, 4);
        dl->AddRect(a, b, PaintColour(Paint::Current, dark), 0, 0, 2);
    }
    const float result = At(L.output, channel, oy, ox);
    ImGui::SetCursorScreenPos(text_at);
    ImGui::BeginGroup();
    ImGui::Text("PEEK  output row %d, column %d%s = ", oy, ox,
                L.out.c > 1 ? (", channel " + std::to_string(channel)).c_str() : "");
    ImGui::SameLine(0, 0);
    ImGui::PushFont(fonts.mono);
    ImGui::TextUnformatted(Value(result).c_str());
    ImGui::PopFont();
    const Size2 k = KernelOf(layer);
    const bool grid = layer.op() != OpKind::ConvTranspose2d && k.h <= 9 && k.w <= 9;
    if (grid && in.shape.c <= 3) {
        // The window's values per input channel (padding as the layer sees it).
        const bool padded_view = li == 0 && !run.input.data.empty();
        const Shape padded = run.PaddedShape();
        const bool max_pool = layer.op() == OpKind::MaxPool2d;
        ImGui::TextDisabled("its window on the input, %d taps%s%s:", int(taps.size()),
                            layer.op() == OpKind::Conv2d ? " (times the weights, summed)" : "",
                            in.shape.c > 1 ? ", channel 0 (red)" : "");
        ImGui::PushFont(fonts.mono);
        for (int c = 0; c < 1; ++c) {  // one channel: the others read the same cells
            std::string row;
            for (size_t i = 0; i < taps.size(); ++i) {
                const PeekTap& t = taps[i];
                const bool inside = t.y >= 0 && t.y < in.shape.h && t.x >= 0 && t.x < in.shape.w;
                std::string cell;
                if (inside) cell = Value(At(in, c, t.y, t.x));
                else if (max_pool) cell = "pad";
                else if (padded_view && t.y + run.pad.top >= 0 && t.x + run.pad.left >= 0 &&
                         t.y + run.pad.top < padded.h && t.x + run.pad.left < padded.w)
                    cell = Value(PaddedValue(run, c, t.y + run.pad.top, t.x + run.pad.left)) + "*";
                else cell = "0*";
                cell.resize(std::max<size_t>(cell.size(), 7), ' ');
                row += cell;
                if (t.kx == k.w - 1) {
                    ImGui::TextUnformatted(row.c_str());
                    row.clear();
                }
            }
        }
        ImGui::PopFont();
        ImGui::TextDisabled("* padding (%s)", std::string(TokenOf(run.mode)).c_str());
    } else if (layer.op() == OpKind::ConvTranspose2d) {
        ImGui::TextDisabled("%d input pixels reach this output (outlined)", int(taps.size()));
    }
    ImGui::EndGroup();
}

}  // namespace

// [SECTION] Layout
void DrawImageView(const Session& session, const ImageFrame& frame, const Fonts& fonts, Edits& edits) {
    Controls(session, frame, edits);
    if (!frame.caption.empty()) ImGui::TextDisabled("%s", frame.caption.c_str());
    if (!frame.run || frame.run->layers.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", frame.status.c_str());
        return;
    }
    const ImageRun& run = *frame.run;
    const View& view = session.view();
    const bool dark = view.dark;
    const size_t li = std::min(size_t(std::max(view.layer, 0)), run.layers.size() - 1);
    const ImageLayer& L = run.layers[li];
    const ImageFrame::Map& map = frame.maps[li];
    const bool several = run.layers.size() > 1;

    // The viewed layer's input: the padded picture for the first layer, the
    // previous map (coloured) after it.
    const bool first = li == 0;
    const unsigned in_tex = first ? frame.input_texture : frame.maps[li - 1].texture;
    const Shape padded = run.PaddedShape();
    const int ph = first ? padded.h : L.in.h, pw = first ? padded.w : L.in.w;
    const int pad_top = first ? run.pad.top : 0, pad_left = first ? run.pad.left : 0;
    const bool has_out = !L.output.data.empty() && map.texture;
    const int oh = has_out ? L.out.h : 0, ow = has_out ? L.out.w : 0;

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float gap = 24, legend_h = has_out ? 12 + line + 6 : 0, multiples_h = several ? ChainHeight() + ImGui::GetStyle().ScrollbarSize + 10 : 0;
    const float peek_h = line * 3;  // the peek's first lines stay in view; its grid may run below
    const float room_h = std::max(40.0f, avail.y - line * 2 - legend_h - multiples_h - peek_h - 8);
    // A phone's figure area is short: there the picture and the map share the
    // width side by side (short labels), and the area scrolls to the rest.
    const bool phone = avail.x < 520;
    const bool wide = phone || avail.x >= avail.y * 0.8f;
    float scale = 1;
    if (phone) scale = (avail.x - gap - 4) / float(std::max(1, pw + ow));
    else if (wide) scale = std::min((avail.x - gap) / float(std::max(1, pw + ow)), room_h / float(std::max({1, ph, oh})));
    else scale = std::min(avail.x / float(std::max({1, pw, ow})), (room_h - line - gap) / float(std::max(1, ph + oh)));
    scale = std::max(scale, 0.05f);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 top = ImGui::GetCursorScreenPos();
    // Input, with its label.
    std::string in_label = first ? "input " + SizeText(run.input.shape.h, run.input.shape.w) : "layer " + std::to_string(li) + "'s map " + SizeText(L.in.h, L.in.w);
    if (phone && !first) in_label = "L" + std::to_string(li) + " map " + SizeText(L.in.h, L.in.w);
    if (first && !phone && (run.pad.top || run.pad.bottom || run.pad.left || run.pad.right))
        in_label += ", padded (" + std::string(TokenOf(run.mode)) + ")";
    dl->AddText(top, ImGui::GetColorU32(ImGuiCol_Text), in_label.c_str());
    const ImVec2 in_at(top.x, top.y + line);
    const ImVec2 in_size(float(pw) * scale, float(ph) * scale);
    if (in_tex) dl->AddImage(TextureOf(in_tex), in_at, ImVec2(in_at.x + in_size.x, in_at.y + in_size.y));
    // [SECTION] Border: the padding band, outlined in the padding colour; the picture's own edge inside it.
    if (pad_top || pad_left || (first && (run.pad.bottom || run.pad.right))) {
        const ImVec2 a(in_at.x + float(pad_left) * scale, in_at.y + float(pad_top) * scale);
        const ImVec2 b(a.x + float(run.input.shape.w) * scale, a.y + float(run.input.shape.h) * scale);
        dl->AddRect(in_at, ImVec2(in_at.x + in_size.x, in_at.y + in_size.y), PaintColour(Paint::Padding, dark), 0, 0, 2);
        dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), IM_COL32(0, 0, 0, 220), 0, 0, 3);
        dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), PaintColour(Paint::Input, dark), 0, 0, 1.5f);
    }
    // Output beside (or under) it at the same scale.
    const ImVec2 out_top = wide ? ImVec2(in_at.x + in_size.x + gap, top.y) : ImVec2(top.x, in_at.y + in_size.y + gap / 2);
    const ImVec2 out_at(out_top.x, out_top.y + line);
    const ImVec2 out_size(float(ow) * scale, float(oh) * scale);
    std::string out_label = "output " + SizeText(L.out.h, L.out.w);
    if (!phone) out_label += " \xC2\xB7 " + std::string(LabelOf(session.doc().layers[li].op()));
    if (L.out.c > 1 && !phone) out_label += " \xC2\xB7 channel " + std::to_string(map.channel) + " of " + std::to_string(L.out.c);
    if (has_out) {
        dl->AddText(out_top, ImGui::GetColorU32(ImGuiCol_Text), out_label.c_str());
        dl->AddImage(TextureOf(map.texture), out_at, ImVec2(out_at.x + out_size.x, out_at.y + out_size.y));
        dl->AddRect(ImVec2(out_at.x - 1, out_at.y - 1), ImVec2(out_at.x + out_size.x + 1, out_at.y + out_size.y + 1),
                    PaintColour(Paint::Output, dark), 0, 0, 1.5f);
        if (frame.legend_texture)
            Legend(map, frame.legend_texture, ImVec2(out_at.x, out_at.y + out_size.y + 6), std::max(out_size.x, 120.0f));
    } else {
        ImGui::SetCursorScreenPos(out_top);
        ImGui::PushStyleColor(ImGuiCol_Text, PaintVec4(Paint::Warning, dark));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(200.0f, avail.x - (out_top.x - top.x)));
        ImGui::TextWrapped("%s", L.error.empty() ? "this map is too large to draw" : L.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    float bottom = std::max(in_at.y + in_size.y, out_at.y + out_size.y + legend_h);
    // [SECTION] Peek: hovering the output.
    bool peeking = false;
    int peek_y = 0, peek_x = 0;
    if (has_out) {
        ImGui::SetCursorScreenPos(out_at);
        ImGui::InvisibleButton("##output", ImVec2(std::max(1.0f, out_size.x), std::max(1.0f, out_size.y)));
        if (ImGui::IsItemHovered()) {
            const ImVec2 mouse = ImGui::GetIO().MousePos;
            const int ox = std::clamp(int((mouse.x - out_at.x) / scale), 0, ow - 1);
            const int oy = std::clamp(int((mouse.y - out_at.y) / scale), 0, oh - 1);
            const ImVec2 a(out_at.x + float(ox) * scale, out_at.y + float(oy) * scale);
            dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(a.x + std::max(scale, 1.0f) + 2, a.y + std::max(scale, 1.0f) + 2),
                        PaintColour(Paint::Current, dark), 0, 0, 2);
            peeking = true, peek_y = oy, peek_x = ox;
        }
    }
    Edits::ImageRects rects;
    const float r_in[4] = {in_at.x, in_at.y, in_size.x, in_size.y}, r_out[4] = {out_at.x, out_at.y, out_size.x, out_size.y};
    std::copy(r_in, r_in + 4, rects.input);
    std::copy(r_out, r_out + 4, rects.output);
    edits.image_rects = rects;

    // [SECTION] Multiples: the stack's chain with every map's picture; the
    // cone of the peeked pixel (or of the one under the pointer on a map) on
    // every earlier map, down to the picture.
    if (several) {
        ImGui::SetCursorScreenPos(ImVec2(top.x, bottom + 10));
        std::vector<ChainTexture> textures{{frame.input_texture}};
        if (padded.h > 0 && padded.w > 0) {  // the picture inside its padding band
            ChainTexture& t = textures.front();
            t.u0 = float(run.pad.left) / float(padded.w), t.v0 = float(run.pad.top) / float(padded.h);
            t.u1 = float(run.pad.left + run.input.shape.w) / float(padded.w);
            t.v1 = float(run.pad.top + run.input.shape.h) / float(padded.h);
        }
        for (const ImageFrame::Map& m : frame.maps) textures.push_back({m.texture});
        ImGuiStorage* storage = ImGui::GetStateStorage();
        const ImGuiID id_l = ImGui::GetID("chain hover layer"), id_y = ImGui::GetID("chain hover y"),
                      id_x = ImGui::GetID("chain hover x");
        const CellRef last{storage->GetInt(id_l, -1), storage->GetInt(id_y, -1), storage->GetInt(id_x, -1)};
        const CellRef cone = peeking ? CellRef{int(li), peek_y, peek_x} : last;
        const CellRef over = DrawChain(session, frame.doc, frame.plans, fonts, edits, cone, textures);
        storage->SetInt(id_l, over.layer), storage->SetInt(id_y, over.y), storage->SetInt(id_x, over.x);
        if (!(over == last)) edits.redraw = true;
        bottom = ImGui::GetItemRectMax().y;
    }
    const ImVec2 peek_at(top.x, bottom + 8);
    if (peeking) {
        Peek(session, run, li, map.channel, peek_y, peek_x, in_at, scale, pad_top, pad_left, peek_at, fonts);
    } else {
        ImGui::SetCursorScreenPos(peek_at);
        ImGui::TextDisabled(has_out ? "Point at the output to see the window each pixel reads, and its numbers."
                                    : "");
    }
    ImGui::Dummy(ImVec2(1, 1));
}

// [SECTION] Switch/Preset
void DrawViewSwitch(const Session& session, Edits& edits) {
    const ViewMode mode = session.view().mode;
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("VIEW");
    ImGui::SameLine();
    if (ImGui::RadioButton("Cells", mode == ViewMode::Cells)) edits.EditView(session).mode = ViewMode::Cells;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every cell, window and number of the viewed layer");
    ImGui::SameLine();
    if (ImGui::RadioButton("Image", mode == ViewMode::Image)) edits.EditView(session).mode = ViewMode::Image;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The layers run on a picture: what the kernel does to an image");
}

bool KernelPresetControl(Layer& layer, float label_column) {
    ImGui::PushID("kernel preset");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Preset");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A named kernel as the weights (any kernel size); edit cells on top of it");
    ImGui::SameLine(label_column);
    bool changed = false;
    if (layer.op() != OpKind::Conv2d && layer.op() != OpKind::ConvTranspose2d) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("none: a pool has no weights");
    } else {
        ImGui::SetNextItemWidth(-1);
        const std::string current(KernelPresetLabel(layer.kernel_preset));
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
