// ui_tooltip.cpp — every panel's tooltip: wrapped to fit the screen (a
// phone is 390 px wide; ImGui's own tooltip is one line as long as its
// text), kept inside the viewport, above a finger rather than under it, and
// worded for the pointer in use ("tap" on touch, never "click").
//
// The shown tooltip is noted (LastTooltip, and the widget "tooltip") so the
// page API and the e2e tests can read what a student sees.
#include <cstdarg>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

bool g_touch = false;       // the last pointer was a finger (app_touch.cpp says so)
TooltipShown g_tooltip;     // the frame being drawn's, or (between frames) the last drawn one's

constexpr float kMargin = 8;      // from the screen's edges
constexpr float kFingerGap = 44;  // above the point a finger holds: a fingertip covers about this much

}  // namespace

// "click" -> "tap" on touch (and "Click" -> "Tap"): one wording rule for every panel.
std::string ForPointer(std::string text) {
    if (!g_touch) return text;
    for (const char* from : {"click", "Click"}) {
        const std::string to = from[0] == 'c' ? "tap" : "Tap";
        for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, 5, to);
    }
    return text;
}

void SetTouchInput(bool touch) { g_touch = touch; }
bool TouchInput() { return g_touch; }

void BeginTooltipFrame() { g_tooltip = {}; }
const TooltipShown& LastTooltip() { return g_tooltip; }

void TooltipAt(const char* raw, ImVec2 anchor, bool anchored) {
    const std::string text = ForPointer(raw);
    const ImGuiIO& io = ImGui::GetIO();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 screen = io.DisplaySize;
    // Wrapped at about 26 em, and never wider than the screen.
    const float wrap = std::max(80.0f, std::min(ImGui::GetFontSize() * 26, screen.x - 2 * kMargin - 2 * style.WindowPadding.x));
    const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    const ImVec2 size(text_size.x + 2 * style.WindowPadding.x, text_size.y + 2 * style.WindowPadding.y);
    const ImVec2 at = io.MousePos;
    ImVec2 pos;
    if (anchored) pos = ImVec2(anchor.x - size.x / 2, anchor.y - size.y);  // above what it is about
    else if (g_touch) {  // above the finger, or under it where there is no room above
        pos = ImVec2(at.x - size.x / 2, at.y - kFingerGap - size.y);
        if (pos.y < kMargin) pos.y = at.y + kFingerGap;
    } else pos = ImVec2(at.x + 16, at.y + 20);  // beside the pointer, as ImGui puts it
    if (!anchored && !g_touch && pos.x + size.x > screen.x - kMargin) pos.x = at.x - 8 - size.x;  // left of it at the edge
    pos.x = std::clamp(pos.x, kMargin, std::max(kMargin, screen.x - kMargin - size.x));
    pos.y = std::clamp(pos.y, kMargin, std::max(kMargin, screen.y - kMargin - size.y));
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + wrap);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    g_tooltip = {text, pos.x, pos.y, size.x, size.y};
    NoteWidget("tooltip", pos.x, pos.y, size.x, size.y);
}

void Tooltip(const char* fmt, ...) {
    char buffer[1024];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buffer, sizeof buffer, fmt, args);
    va_end(args);
    TooltipAt(buffer, ImVec2(0, 0), false);
}

}  // namespace cp::ui
