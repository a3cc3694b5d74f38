// rasters.h — image mode's pictures as pixels, pure: the padded picture
// packed as RGBA bytes (what the GL texture and the SVG's embedded PNG hold),
// a map's colour scale (a robust range by default, the full one on request),
// and the colormap that turns a map's values into colours. The GPU pass
// (shaders/colormap.frag.glsl) draws with the same map; this is the CPU side
// for exports, the page API and the tests.
//
// [SECTION] INDEX
//   PackPaddedRgba    the first layer's input as its window sees it, RGBA8
//   ColourScale       a map's ends, whether it is signed, what share is clipped
//   InteriorOf        the output pixels whose windows read no zero padding
//   MapScale          the robust (1st-99th percentile of the interior) or full range
//   ColourOf          colormap.frag.glsl's colour for one value
//   ColourizeRgba     a map's plane as RGBA8 through ColourOf
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/picture.h"
#include "state/image/images.h"

namespace cp {

// The padded picture of `run` (ImageRun::PaddedShape) as RGBA bytes, row-major,
// alpha 255: values clamped to [0, 1] and rounded to 0..255, grey repeated for
// one channel, zero padding black. Never copies the padded floats: each border
// pixel is read through its padding source (InputIndexAt). `bytes` is resized
// to w * h * 4 (plus slack the vector stores may use).
void PackPaddedRgba(const ImageRun& run, std::vector<uint8_t>& bytes);

// How a map's values become colours: [lo, hi] spans the ramp; a signed map
// (diverging) is symmetric around zero (lo = -hi), white at 0.
struct ColourScale {
    float lo = 0, hi = 0;
    bool diverging = false;
    bool full = false;       // the whole finite range (View::image_full_range), else the robust one
    double clipped = 0;      // the share of the map's pixels beyond [lo, hi] (drawn at the ends)
    bool operator==(const ColourScale&) const = default;
};

// The percentiles of the robust range: 1 in 100 pixels at each end may be
// clipped, so a few extreme pixels (a checkerboard's corners, an edge map's
// strongest edge) do not wash the rest of the map to one colour.
inline constexpr double kRobustLowQuantile = 0.01, kRobustHighQuantile = 0.99;
// The percentiles are read from at most this many pixels, evenly strided: a
// 1024² map's percentile to within a fraction of a percent, at a 60th of the cost.
inline constexpr size_t kScaleSamples = size_t(1) << 16;

// The output rows [y0, y1) and columns [x0, x1) of `p` whose windows read no
// zero padding (and no zeros a transposed conv inserted past the input):
// the map's interior. Empty (y0 == y1 or x0 == x1) when every window reads some.
struct Interior {
    int y0 = 0, y1 = 0, x0 = 0, x1 = 0;
    bool empty() const { return y0 >= y1 || x0 >= x1; }
};
Interior InteriorOf(const LayerPicture& p);

// The colour scale of one channel's plane (h x w, row-major). Robust: the
// 1st and 99th percentiles of the interior's finite values (of the whole map
// when the interior is empty); full: the whole map's finite min and max. Signed
// values (the low end below zero) make a diverging scale, symmetric around 0.
// `clipped` counts every finite pixel of the map, border included.
ColourScale MapScale(std::span<const float> plane, int h, int w, Interior interior, bool full);

// colormap.frag.glsl's colour for v, as bytes: grey from lo (black) to hi
// (white); diverging, ColorBrewer's RdBu (blue - white - red) over [-hi, hi].
std::array<uint8_t, 3> ColourOf(float v, const ColourScale& scale);

// A plane of h x w values as RGBA bytes through ColourOf (alpha 255).
void ColourizeRgba(std::span<const float> plane, int h, int w, const ColourScale& scale, std::vector<uint8_t>& bytes);

}  // namespace cp
