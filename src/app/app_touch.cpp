// app_touch.cpp — touch gestures turned into what ImGui understands (see
// app_touch.h). ImGui 1.86 knows one mouse; SDL would turn a finger into that
// mouse, so a swipe over the controls panel dragged whatever slider it
// started on, left the pointer hovering (a tooltip popped) and never
// scrolled. Here one finger is tracked and classified:
//
//   moves past kSlop before kHold     a drag: scrolls the innermost window under
//                                     the finger that can scroll that way; ImGui
//                                     sees no pointer at all
//   lifts before kHold, still         a tap: played to ImGui as a press and a
//                                     release at that point, then the pointer leaves
//                                     (no hover is left behind, so no tooltip)
//   stays still for kHold             a long press: the pointer hovers there, so
//                                     the tooltip shows (and stays after the lift)
//   held, then moves                  a deliberate drag of the control held: a press
//                                     where the hold was, then the finger's moves
//
// [SECTION] State
// [SECTION] Events
// [SECTION] Frame
#include "app/app_touch.h"

#include <emscripten/emscripten.h>

#include <cfloat>
#include <cmath>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"
#include "ui/ui.h"

namespace cp::app {
namespace {

// [SECTION] State

constexpr float kSlop = 10;       // CSS px a finger may wander and still tap or hold
constexpr Uint32 kHold = 450;     // ms: a long press
constexpr int kTapFrames = 3;     // press, release, leave

enum class Phase { None, Pending, Scrolling, Holding, Dragging };

struct Touch {
    bool active = false;  // a finger was the last pointer: this file owns ImGui's mouse
    Phase phase = Phase::None;
    SDL_FingerID finger = 0;
    ImVec2 start, now;
    Uint32 t0 = 0;
    ImGuiID scroll_window = 0;
    ImVec2 scroll0;
    bool scroll_x = false;  // which axis the drag scrolls
    std::vector<ImVec2> taps;  // taps still to play, each over kTapFrames frames
    int tap = 0;              // frames of the first still to play (kTapFrames .. 1)
    bool hover = false;     // a long press left the pointer there (its tooltip)
    ImVec2 hover_at;
    int drag_frame = 0;     // frames since a held drag began
};

Touch& TheTouch() {
    static Touch touch;
    return touch;
}

ImVec2 FingerPoint(const SDL_TouchFingerEvent& f) {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    return ImVec2(f.x * size.x, f.y * size.y);
}

// The innermost window that last frame drew at p: in the front-most root
// window there (a popup or combo list over a panel wins), the deepest child.
ImGuiWindow* WindowAt(ImVec2 p) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* best = nullptr;
    int best_root = -1, best_depth = -1;
    for (int i = 0; i < g.Windows.Size; ++i) {
        ImGuiWindow* w = g.Windows[i];
        if (!w->WasActive || w->Hidden || (w->Flags & ImGuiWindowFlags_Tooltip) || !w->OuterRectClipped.Contains(p)) continue;
        int root = 0;
        for (int k = 0; k < g.Windows.Size; ++k) if (g.Windows[k] == w->RootWindow) root = k;
        int depth = 0;
        for (ImGuiWindow* a = w; a->ParentWindow && a != a->RootWindow; a = a->ParentWindow) ++depth;
        if (root > best_root || (root == best_root && depth > best_depth)) best = w, best_root = root, best_depth = depth;
    }
    return best;
}

// From the window under the finger outwards, the first that scrolls along the drag.
ImGuiWindow* ScrollableAlong(ImGuiWindow* w, bool along_x) {
    for (; w; w = w->ParentWindow) {
        if ((along_x ? w->ScrollMax.x : w->ScrollMax.y) > 0) return w;
        if (w == w->RootWindow) break;
    }
    return nullptr;
}

}  // namespace

int TheTouchPhase() { return int(TheTouch().phase); }

// [SECTION] Events

void InitTouch() { SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0"); }

bool TouchEvent(const SDL_Event& e) {
    Touch& t = TheTouch();
    switch (e.type) {
        case SDL_MOUSEMOTION:
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEWHEEL:
            // A real mouse (SDL sends none for a finger here): it has ImGui back.
            if (e.type != SDL_MOUSEMOTION || e.motion.which != SDL_TOUCH_MOUSEID) {
                if (t.active) ui::SetTouchInput(false);
                t = Touch{};
            }
            return false;
        case SDL_FINGERDOWN: {
            const ImVec2 p = FingerPoint(e.tfinger);
            if (t.phase != Phase::None) return true;  // a second finger: ignored
            t.active = true;
            ui::SetTouchInput(true);
            t.phase = Phase::Pending;
            t.finger = e.tfinger.fingerId;
            t.start = t.now = p;
            t.t0 = SDL_GetTicks();
            t.hover = false;  // a new touch ends the last long press's tooltip
            return true;
        }
        case SDL_FINGERMOTION: {
            if (t.phase == Phase::None || e.tfinger.fingerId != t.finger) return true;
            t.now = FingerPoint(e.tfinger);
            const float dx = t.now.x - t.start.x, dy = t.now.y - t.start.y;
            const bool moved = dx * dx + dy * dy > kSlop * kSlop;
            if (t.phase == Phase::Pending && moved) {
                t.phase = Phase::Scrolling;
                t.scroll_x = std::fabs(dx) > std::fabs(dy);
                ImGuiWindow* w = ScrollableAlong(WindowAt(t.start), t.scroll_x);
                t.scroll_window = w ? w->ID : 0;
                t.scroll0 = w ? w->Scroll : ImVec2(0, 0);
            } else if (t.phase == Phase::Holding && moved) {
                t.phase = Phase::Dragging;
                t.drag_frame = 0;
            }
            return true;
        }
        case SDL_FINGERUP: {
            if (t.phase == Phase::None || e.tfinger.fingerId != t.finger) return true;
            if (t.phase == Phase::Pending) {
                t.taps.push_back(t.start);  // a tap
            } else if (t.phase == Phase::Holding) {  // its tooltip stays until the next touch
                t.hover = true;
                t.hover_at = t.start;
            }
            t.phase = Phase::None;
            return true;
        }
        default: return false;
    }
}

// [SECTION] Frame

bool TouchBusy() {
    const Touch& t = TheTouch();
    return t.phase == Phase::Pending || t.phase == Phase::Holding || t.phase == Phase::Dragging || !t.taps.empty();
}

void TouchNewFrame() {
    Touch& t = TheTouch();
    if (!t.active) return;
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 nowhere(-FLT_MAX, -FLT_MAX);
    if (t.phase == Phase::Pending && SDL_GetTicks() - t.t0 >= kHold) t.phase = Phase::Holding;
    io.MousePos = nowhere;
    io.MouseDown[0] = io.MouseDown[1] = io.MouseDown[2] = false;
    if (!t.taps.empty()) {  // taps first, in order, even while the next touch is still down
        if (t.tap == 0) t.tap = kTapFrames;
        if (t.tap > 1) io.MousePos = t.taps.front();
        io.MouseDown[0] = t.tap == kTapFrames;
        if (--t.tap == 0) t.taps.erase(t.taps.begin());
        return;
    }
    switch (t.phase) {
        case Phase::Scrolling:
            if (ImGuiWindow* w = t.scroll_window ? ImGui::FindWindowByID(t.scroll_window) : nullptr) {
                if (t.scroll_x) ImGui::SetScrollX(w, t.scroll0.x - (t.now.x - t.start.x));
                else ImGui::SetScrollY(w, t.scroll0.y - (t.now.y - t.start.y));
            }
            return;
        case Phase::Holding: io.MousePos = t.start; return;
        case Phase::Dragging:  // the press lands where the hold was; then the control follows the finger
            io.MousePos = t.drag_frame++ == 0 ? t.start : t.now;
            io.MouseDown[0] = true;
            return;
        case Phase::Pending: return;
        case Phase::None: break;
    }
    if (t.hover) io.MousePos = t.hover_at;
}

}  // namespace cp::app

// The gesture under way, for the e2e tests (a long press is a state they can
// wait on, not a time they must sleep through): "none", "pending", "scroll",
// "hold" or "drag".
extern "C" EMSCRIPTEN_KEEPALIVE const char* cp_app_touch() {
    static const char* const kNames[] = {"none", "pending", "scroll", "hold", "drag"};
    return kNames[int(cp::app::TheTouchPhase())];
}
