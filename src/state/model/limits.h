// limits.h — how large a document the playground accepts. These are the
// limits of a *picture*, far below the engine's tensor limit: every cell is
// drawn, every tap can be listed, every number read. Sanitize (sanitize.h)
// enforces them once, for every way in (controls, URL, page API); the sliders
// show the same ranges.
#pragma once
#include <cstddef>
#include <cstdint>

namespace cp {

inline constexpr int kMaxInputSide = 64;      // input cells per side
inline constexpr int kMaxKernelSide = 9;
inline constexpr int kMaxStride = 8;
inline constexpr int kMaxPadding = 8;         // per side
inline constexpr int kMaxDilation = 6;
inline constexpr int kMaxChannels = 16;       // input and output channels
inline constexpr int kMaxLayers = 16;
// The longest side of any grid the figure draws (a padded input, a transposed
// conv's zero-inserted input, an output): 160 x 160 cells is already past
// the point where numbers fit, and keeps a frame's draw list bounded.
inline constexpr int kMaxPictureSide = 160;
// Values typed into cells: small integers, and a bounded number of them per
// input or kernel (a link carries them).
inline constexpr int kMaxCellValue = 99;
inline constexpr int kMaxValueEdits = 64;
// A window's taps are written out (w·x terms) only up to this many.
inline constexpr int kMaxTapsListed = 27;
// Total multiply-adds of the document's layers: keeps every accepted state
// interactive on a phone.
inline constexpr int64_t kMaxMultiplyAdds = int64_t(1) << 25;

// Geometry: the longest side (input, padded, output, feature count) the
// planner holds. Not a drawing limit: it keeps every sum of sides and
// paddings inside an int, and every product of a side with channels and
// a kernel inside 64 bits.
inline constexpr int kMaxGeometrySide = 1 << 28;

// A stack (a document of more than one layer) is a network's shape table
// first and a picture second: AlexNet's first layers need a 3x224x224 input,
// 11x11 kernels and 192 channels, which no figure can draw cell by cell. So a
// stack may be as large as these, checked by geometry alone (nothing is
// allocated for a size); the figure draws each layer whose grids fit
// kMaxPictureSide and computes values only while the whole stack stays under
// kMaxMultiplyAdds. A single layer keeps the limits above, so every
// one-layer link decodes exactly as before stacks existed.
inline constexpr int kMaxStackInputSide = 512;
inline constexpr int kMaxStackKernelSide = 11;
inline constexpr int kMaxStackChannels = 512;

// The limits that hold for a document of `layers` layers.
struct DocLimits {
    int input_side, kernel_side, channels;
};
inline constexpr DocLimits LimitsFor(size_t layers) {
    return layers > 1 ? DocLimits{kMaxStackInputSide, kMaxStackKernelSide, kMaxStackChannels}
                      : DocLimits{kMaxInputSide, kMaxKernelSide, kMaxChannels};
}

}  // namespace cp
