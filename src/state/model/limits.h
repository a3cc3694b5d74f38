// limits.h — every limit the playground keeps, in one place, in three kinds:
//
//   GEOMETRY  what a document may hold: only as far as the arithmetic stays
//             exact (ints for sides, 64 bits for counts). Real networks on
//             real pictures fit many times over; Sanitize clamps only here.
//   DRAWING   what the figure draws cell by cell. A layer past it is shown
//             as a shape-only summary; its numbers are still exact.
//   VALUES    what is computed per change, to stay interactive on a phone.
//             Past it the shapes, fields, parameters and costs are still
//             exact; one notice names the cap.
//
// Below them, the sliders' ranges: where a control's drag stops. They are
// not limits: a value typed, pasted or linked past them is kept.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace cp {

// [SECTION] GEOMETRY (overflow only)

// Any one size: an input side, a kernel, a stride, a padding, a dilation, an
// output side. Below the engine's per-axis bound (2^26), so every sum of a
// side with its paddings is exact in 64 bits, and every shape fits an int.
inline constexpr int kMaxGeometrySide = 1 << 24;
// Input and output channels (and groups).
inline constexpr int kMaxGeometryChannels = 1 << 24;
// A feature vector (Flatten's C·H·W, Linear's features): an int.
inline constexpr int kMaxGeometryFeatures = 1 << 30;
// Layers in a document: ResNet-152's main path is 152 convs, about 500 rows
// with its norms and activations.
inline constexpr int kMaxLayers = 1024;
// A pasted model's side branches (doc.h SideBranch: a block's downsample or
// shortcut, an SE gate) and the layers of each: EfficientNet-B7 has 55 SE
// gates, a downsample is a conv and a norm, an SE gate four layers.
inline constexpr int kMaxBranches = 256;
inline constexpr int kMaxBranchLayers = 16;
// A pass-through layer's class name and its arguments as written (BatchNorm2d,
// "64, eps=0.001"): printable text, bounded for links and code out.
inline constexpr size_t kMaxLayerName = 64;
inline constexpr size_t kMaxLayerArgs = 256;
// Solve-for tries dilations up to this (DeepLab's widest is 24); strides and
// paddings it solves for at any size.
inline constexpr int kMaxSolveDilation = 64;
// Element counts (maps, weights) are checked against the engine's
// kMaxGeometryElements (2^62, geometry.h) before any product; costs and
// parameter counts saturate at INT64_MAX rather than wrap.

// [SECTION] DRAWING

// The longest side of any grid the figure draws (a padded input, a transposed
// conv's zero-inserted input, an output): 160 x 160 cells is already past
// the point where numbers fit, and keeps a frame's draw list bounded.
inline constexpr int kMaxPictureSide = 160;
// A window's taps are written out (w·x terms) only up to this many.
inline constexpr int kMaxTapsListed = 27;

// [SECTION] VALUES

// Total multiply-adds of the document's layers (and the elements of any map
// they read or write): the numbers in the cells are computed only below it.
inline constexpr int64_t kMaxMultiplyAdds = int64_t(1) << 25;
// The one notice when the cap binds (Sanitize): it names the cap.
inline const std::string kValuesCapNotice =
    "values are not computed past 2^25 multiply-adds; the shapes are exact.";
// Values typed into cells: small integers, and a bounded number of them per
// input or kernel (a link carries them).
inline constexpr int kMaxCellValue = 99;
inline constexpr int kMaxValueEdits = 64;

// [SECTION] SLIDER RANGES (not limits)

// Where the controls' drags stop, so a slider stays usable. A stack's reach
// further (AlexNet's first layers: a 3x224x224 input, 11x11 kernels, 192
// channels). Nothing clamps a document to these.
inline constexpr int kMaxInputSide = 64;
inline constexpr int kMaxKernelSide = 9;
inline constexpr int kMaxStride = 8;
inline constexpr int kMaxPadding = 8;
inline constexpr int kMaxDilation = 6;
inline constexpr int kMaxChannels = 16;
inline constexpr int kMaxStackInputSide = 512;
inline constexpr int kMaxStackKernelSide = 11;
inline constexpr int kMaxStackChannels = 512;

// The sliders' ranges for a document of `layers` layers.
struct DocLimits {
    int input_side, kernel_side, channels;
};
inline constexpr DocLimits LimitsFor(size_t layers) {
    return layers > 1 ? DocLimits{kMaxStackInputSide, kMaxStackKernelSide, kMaxStackChannels}
                      : DocLimits{kMaxInputSide, kMaxKernelSide, kMaxChannels};
}

}  // namespace cp
