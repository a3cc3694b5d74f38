// window_oracle.h — test oracles over one window and one axis, written
// directly from the definitions (every tap of one window; how many windows
// read each input): the tests hold the engine's pictures and plans to them.
// They lived in engine/geometry.h, but only tests call them.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/geometry.h"

namespace cp {

// Every tap of output (oy, ox), row-major over (ky, kx), with input coordinates
// (which may lie in the padding) and whether it is padding.
struct WindowTap {
    int ky = 0, kx = 0;
    int64_t y = 0, x = 0;
    bool padding = false;
};
// Empty (nothing allocated) when the axes are invalid or the window has more
// than max_taps taps: a picture lists taps, and a caller from outside (a URL)
// must not make it reserve gigabytes.
inline constexpr int64_t kMaxPictureTaps = int64_t(1) << 16;
std::vector<WindowTap> Window2d(const Axis& h, const Axis& w, int oy, int ox, int64_t max_taps = kMaxPictureTaps);

// How the outputs along one axis use the inputs.
struct AxisCoverage {
    std::vector<int> reads;       // per input index: how many outputs read it
    std::vector<int> unread;      // input indices no window reads (reads == 0)
    int dropped_tail = 0;         // trailing inputs past the last window: what the floor drops
};
// `out` is the output size along this axis (from OutputSize). Empty when the
// axis is invalid or longer than max_cells.
inline constexpr int64_t kMaxPictureCells = int64_t(1) << 16;
AxisCoverage CoverageOf(const Axis& a, int out, int64_t max_cells = kMaxPictureCells);
// reads per input cell, row-major (ih x iw): reads_h[y] * reads_w[x]; empty
// beyond max_cells cells.
std::vector<int> Coverage2d(const AxisCoverage& h, const AxisCoverage& w, int64_t max_cells = kMaxPictureCells * 4);

}  // namespace cp
