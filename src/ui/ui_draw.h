// ui_draw.h — small drawing helpers the figure, the chain and image mode
// share: a palette role as an ImGui colour, a dashed rectangle, a GL texture
// as an ImGui texture id. Private to src/ui.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "imgui.h"
#include "scene/palette.h"

namespace cp::ui {

inline ImU32 PaintColour(Paint p, bool dark, int alpha = 255) {
    const Rgba c = PaletteColour(p, dark);
    return IM_COL32(c.r, c.g, c.b, alpha);
}

// A palette role as a style colour (text: notices, errors, verdicts).
inline ImVec4 PaintVec4(Paint p, bool dark) {
    const Rgba c = PaletteColour(p, dark);
    return ImVec4(float(c.r) / 255, float(c.g) / 255, float(c.b) / 255, float(c.a) / 255);
}

// ImGui has no dashed lines: short segments along each edge.
inline void DashedRect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float width, float dash = 4, float gap = 3) {
    auto edge = [&](ImVec2 p, ImVec2 q) {
        const float len = std::hypot(q.x - p.x, q.y - p.y);
        if (len <= 0) return;
        const float dx = (q.x - p.x) / len, dy = (q.y - p.y) / len;
        for (float s = 0; s < len; s += dash + gap) {
            const float e = std::min(s + dash, len);
            dl->AddLine(ImVec2(p.x + dx * s, p.y + dy * s), ImVec2(p.x + dx * e, p.y + dy * e), col, width);
        }
    };
    edge(a, ImVec2(b.x, a.y));
    edge(ImVec2(b.x, a.y), b);
    edge(b, ImVec2(a.x, b.y));
    edge(ImVec2(a.x, b.y), a);
}

// Tooltips (ui_tooltip.cpp): wrapped inside the screen, worded for the
// pointer in use. Tooltip() sits by the pointer (above a finger);
// TooltipAt() centred above `anchor` when anchored.
void Tooltip(const char* fmt, ...) IM_FMTARGS(1);
void TooltipAt(const char* text, ImVec2 anchor, bool anchored = true);
bool TouchInput();       // the last pointer was a finger
std::string ForPointer(std::string text);  // "click" worded as "tap" on touch
void BeginTooltipFrame();  // DrawRoot, at the start of a frame

// A label that fits `room` px: whole, or its part before " (" (a narrow
// embed: "Custom (edit the cells)" -> "Custom"), never clipped mid-word.
inline std::string Fitting(const std::string& label, float room) {
    const size_t cut = label.find(" (");
    if (cut == std::string::npos || ImGui::CalcTextSize(label.c_str()).x <= room) return label;
    return label.substr(0, cut);
}

inline ImTextureID TextureOf(unsigned id) { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id)); }

}  // namespace cp::ui
