// app_state.h — AppState, the one source of truth for what the playground
// shows. The UI edits it; everything on screen is derived from it.
#pragma once
#include "engine/ops.h"

namespace cp {

struct AppState {
    // The layer being explored: a single-channel Conv2d on an in_h x in_w input.
    int in_h = 7, in_w = 7;
    Size2 kernel{3, 3};
    Size2 stride{1, 1};
    Size2 padding{1, 1};
    Size2 dilation{1, 1};
    // Which output cell the step-through is on, in row-major order.
    int step = 0;
    bool playing = false;
    float play_clock = 0;  // seconds since the last automatic step
};

// The limits of the controls: large enough to show every effect, small enough
// that each cell stays readable.
inline constexpr int kMaxInputSide = 32;
inline constexpr int kMaxKernelSide = 9;
inline constexpr int kMaxStride = 6;
inline constexpr int kMaxPadding = 6;
inline constexpr int kMaxDilation = 5;

}  // namespace cp
