// app_touch.h — touch as a phone user expects it (app_touch.cpp): a drag
// scrolls the panel under the finger, a tap is a click, a long press shows
// the tooltip, and a hold that then moves drags the control it started on.
// Mouse input is untouched: the first real mouse event hands ImGui back to it.
#pragma once
#include <SDL.h>

namespace cp::app {

// Before SDL_Init: SDL must not turn touches into mouse events (this file does).
void InitTouch();
// Every SDL event, before ImGui's backend sees it; true if it was a touch
// (ImGui's backend has nothing to do with it).
bool TouchEvent(const SDL_Event& event);
// True while a gesture needs frames of its own (a hold being timed, a tap
// being played out to ImGui as a press and a release).
bool TouchBusy();
// After ImGui_ImplSDL2_NewFrame, before ImGui::NewFrame: the gesture's
// pointer (position, button) replaces the backend's, and a drag scrolls.
void TouchNewFrame();
// The gesture under way (none, pending, scroll, hold, drag), as an index (cp_app_touch names it).
int TheTouchPhase();

}  // namespace cp::app
