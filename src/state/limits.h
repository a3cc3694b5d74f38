// limits.h — how large a document the playground accepts. These are the
// limits of a *picture*, far below the engine's tensor limit: every cell is
// drawn, every tap can be listed, every number read. Sanitize (sanitize.h)
// enforces them once, for every way in (controls, URL, page API); the sliders
// show the same ranges.
#pragma once
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

}  // namespace cp
