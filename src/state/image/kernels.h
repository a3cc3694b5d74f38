// kernels.h — named kernel presets (identity, box blur, Gaussian, sharpen,
// Sobel x/y, Laplacian, emboss) for the conv and transposed-conv weights, at
// any kernel size, and the tokens the codec writes for them (`kp=`).
//
// [SECTION] SIZES
// Each preset has a natural size (3x3) where it is the textbook grid; other
// sizes are built from the same 1-D pieces so they mean the same thing:
//   smoothing S(n)   binomial row n (1 2 1 for 3): Pascal's triangle
//   derivative D(n)  (-1 0 1) smoothed by S(n-2); n = 2: (-1 1); n = 1: (0)
//   second    D2(n)  (1 -2 1) smoothed by S(n-3); n < 3: zeros
//   identity         1 at the centre ((k-1)/2 on each axis), 0 elsewhere
//   box              1/(kh*kw) everywhere
//   gaussian         S(kh) x S(kw) / its sum (sums to 1: a constant stays)
//   sobelx / sobely  S(kh) x D(kw) / D(kh) x S(kw) (unnormalised, as the textbook)
//   laplace          D2 on each axis through the centre: 0 1 0 / 1 -4 1 / 0 1 0
//   sharpen          identity - laplace: 0 -1 0 / -1 5 -1 / 0 -1 0
//   emboss           identity + dy/ry + dx/rx (offsets from the middle over
//                    the radius, so they sum to 0): -2 -1 0 / -1 1 1 / 0 1 2
//
// [SECTION] CHANNELS
// A layer's weights are [out][in/groups][kh][kw] (a transposed conv's are
// [in][out/groups][kh][kw]). Every (out, in) slice gets the preset divided by
// the number of input channels a group sums over, so one output channel sees
// the preset applied to the mean of its inputs (an RGB image's grey level)
// and a depthwise layer (groups = channels) filters each colour on its own.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "engine/ops.h"

namespace cp {

enum class KernelPreset { None, Identity, Box, Gaussian, Sharpen, SobelX, SobelY, Laplace, Emboss };
inline constexpr int kKernelPresetCount = 9;

// The link token (`kp=gauss`) and the label in the menu.
std::string_view KernelPresetToken(KernelPreset p);
std::string_view KernelPresetLabel(KernelPreset p);
std::optional<KernelPreset> KernelPresetFromToken(std::string_view token);

// The preset's kh x kw grid, row-major. None: empty.
std::vector<float> KernelPresetGrid(KernelPreset p, Size2 kernel);

}  // namespace cp
