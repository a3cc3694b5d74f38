// rasters.cpp — rasters.h.
//
// [SECTION] INDEX
//   Pack       the padded picture as RGBA bytes (wasm SIMD four pixels at a time; scalar natively)
//   Scale      the interior, the percentiles, the clipped share
//   Colour     the colormap
#include "state/image/rasters.h"

#include <algorithm>
#include <cmath>
#include <limits>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace cp {
namespace {

// [SECTION] Pack

uint8_t Level(float v) {
    // NaN -> 0, as the SIMD path's pmax(0, v) does.
    const float c = v >= 0.0f ? std::min(v, 1.0f) : 0.0f;
    return uint8_t(int(c * 255.0f + 0.5f));
}

void PackPixel(float r, float g, float b, uint8_t* to) { to[0] = Level(r), to[1] = Level(g), to[2] = Level(b), to[3] = 255; }

// n pixels of three planes into RGBA words.
void PackRun(const float* r, const float* g, const float* b, int n, uint8_t* to) {
    int x = 0;
#ifdef __wasm_simd128__
    const v128_t zero = wasm_f32x4_splat(0), one = wasm_f32x4_splat(1), scale = wasm_f32x4_splat(255),
                 half = wasm_f32x4_splat(0.5f), alpha = wasm_i32x4_splat(int32_t(0xFF000000u));
    // Clamped to [0, 1] (NaN -> 0), rounded to 0..255, packed as little-endian RGBA words.
    auto level = [&](const float* from) {
        const v128_t v = wasm_f32x4_pmin(one, wasm_f32x4_pmax(zero, wasm_v128_load(from)));
        return wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_add(wasm_f32x4_mul(v, scale), half));
    };
    for (; x + 4 <= n; x += 4) {
        const v128_t word = wasm_v128_or(wasm_v128_or(level(r + x), wasm_i32x4_shl(level(g + x), 8)),
                                         wasm_v128_or(wasm_i32x4_shl(level(b + x), 16), alpha));
        wasm_v128_store(to + 4 * x, word);
    }
#endif
    for (; x < n; ++x) PackPixel(r[x], g[x], b[x], to + 4 * x);
}

void Black(uint8_t* to) { to[0] = to[1] = to[2] = 0, to[3] = 255; }

// [SECTION] Scale

// The q-quantile of v (reordered in place), v non-empty.
float Quantile(std::vector<float>& v, double q) {
    const size_t k = std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5));
    std::nth_element(v.begin(), v.begin() + long(k), v.end());
    return v[k];
}

// One axis: the outputs [lo, hi) whose taps all land on input cells (or on
// padding a mode copies): the zero padding and inserted zeros stay out.
std::pair<int, int> InteriorAxis(const PictureAxis& a) {
    auto clean = [&](int o) {
        for (int t = 0; t < a.kernel; ++t) {
            const int g = a.Tap(o, t);
            if (g < 0 || g >= a.cells) return false;
            const CellKind k = a.kind[size_t(g)];
            if (k != CellKind::Input && k != CellKind::CopyPad) return false;
        }
        return true;
    };
    int lo = 0, hi = a.out;
    while (lo < hi && !clean(lo)) ++lo;
    while (hi > lo && !clean(hi - 1)) --hi;
    return {lo, hi};
}

}  // namespace

void PackPaddedRgba(const ImageRun& run, std::vector<uint8_t>& bytes) {
    const Shape in = run.input.shape, padded = run.PaddedShape();
    const int w = padded.w, h = padded.h;
    bytes.assign(size_t(w) * size_t(h) * 4 + 16, 0);  // 16 to spare for a row's last vector store
    if (run.input.data.empty()) return;
    const size_t plane = size_t(in.h) * size_t(in.w);
    const float* r = run.input.data.data();
    const float* g = in.c >= 3 ? r + plane : r;
    const float* b = in.c >= 3 ? r + 2 * plane : r;
    for (int py = 0; py < h; ++py) {
        uint8_t* row = bytes.data() + size_t(py) * size_t(w) * 4;
        const int iy = InputIndexAt(run.mode, int64_t(py) - run.pad.top, in.h);
        if (iy < 0) {  // a row of zero padding
            for (int px = 0; px < w; ++px) Black(row + 4 * px);
            continue;
        }
        const size_t base = size_t(iy) * size_t(in.w);
        for (int px = 0; px < w; ++px) {
            const int ix = InputIndexAt(run.mode, int64_t(px) - run.pad.left, in.w);
            if (ix < 0) {
                Black(row + 4 * px);
            } else if (px == run.pad.left) {  // the input's own pixels: a run of in.w
                PackRun(r + base, g + base, b + base, in.w, row + 4 * px);
                px += in.w - 1;
            } else {
                const size_t i = base + size_t(ix);
                PackPixel(r[i], g[i], b[i], row + 4 * px);
            }
        }
    }
    bytes.resize(size_t(w) * size_t(h) * 4);
}

Interior InteriorOf(const LayerPicture& p) {
    const auto [y0, y1] = InteriorAxis(p.h);
    const auto [x0, x1] = InteriorAxis(p.w);
    return {y0, y1, x0, x1};
}

ColourScale MapScale(std::span<const float> plane, int h, int w, Interior interior, bool full) {
    ColourScale s;
    s.full = full;
    if (h < 1 || w < 1 || plane.size() < size_t(h) * size_t(w)) return s;
    interior.y0 = std::clamp(interior.y0, 0, h), interior.y1 = std::clamp(interior.y1, 0, h);
    interior.x0 = std::clamp(interior.x0, 0, w), interior.x1 = std::clamp(interior.x1, 0, w);
    if (interior.empty() || full) interior = {0, h, 0, w};
    const int64_t count = int64_t(interior.y1 - interior.y0) * (interior.x1 - interior.x0);
    // The percentiles from a lattice of at most about kScaleSamples interior
    // pixels (every step-th row and column): the per-update cost stays that
    // of the samples, not of the map.
    const int step = std::max(1, int(std::ceil(std::sqrt(double(count) / double(kScaleSamples)))));
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    bool robust = false;
    if (!full) {
        std::vector<float> sample;
        sample.reserve(size_t(count / (int64_t(step) * step) + interior.y1 - interior.y0 + interior.x1 - interior.x0 + 1));
        for (int y = interior.y0; y < interior.y1; y += step)
            for (int x = interior.x0; x < interior.x1; x += step)
                if (const float v = plane[size_t(y) * size_t(w) + size_t(x)]; std::isfinite(v)) sample.push_back(v);
        if (!sample.empty()) {
            const float qlo = Quantile(sample, kRobustLowQuantile), qhi = Quantile(sample, kRobustHighQuantile);
            // A map whose 98 middle percent is one value (a mostly flat picture)
            // keeps its full range: a scale of zero width shows nothing.
            if (qhi > qlo) lo = qlo, hi = qhi, robust = true;
        }
    }
    if (!robust) {
        for (int y = interior.y0; y < interior.y1; ++y)
            for (int x = interior.x0; x < interior.x1; ++x)
                if (const float v = plane[size_t(y) * size_t(w) + size_t(x)]; std::isfinite(v))
                    lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (!(lo <= hi)) return s;  // nothing finite
    s.diverging = lo < 0;
    if (s.diverging) {
        const float a = std::max(-lo, hi);
        s.lo = -a, s.hi = a;
    } else {
        s.lo = lo, s.hi = hi;
    }
    // (NaN compares false both ways; infinities are beyond but not finite: counted apart.)
    int64_t beyond = 0, infinite = 0, nans = 0;
    for (size_t i = 0; i < size_t(h) * size_t(w); ++i) {
        const float v = plane[i];
        beyond += v < s.lo || v > s.hi;
        infinite += std::isinf(v);
        nans += v != v;
    }
    beyond -= infinite;
    const int64_t finite = int64_t(h) * w - infinite - nans;
    s.clipped = finite ? double(beyond) / double(finite) : 0;
    return s;
}

// [SECTION] Colour

std::array<uint8_t, 3> ColourOf(float v, const ColourScale& scale) {
    // Paul Tol's BuRd (ColorBrewer RdBu), 9 stops: colormap.frag.glsl's kBuRd.
    static constexpr float kBuRd[9][3] = {{0.129f, 0.400f, 0.675f}, {0.263f, 0.576f, 0.765f}, {0.573f, 0.773f, 0.871f},
                                          {0.820f, 0.898f, 0.941f}, {0.969f, 0.969f, 0.969f}, {0.992f, 0.859f, 0.780f},
                                          {0.957f, 0.647f, 0.510f}, {0.839f, 0.376f, 0.302f}, {0.698f, 0.094f, 0.169f}};
    auto byte = [](float x) { return uint8_t(std::lround(std::clamp(x, 0.0f, 1.0f) * 255.0f)); };
    const float lo = scale.lo, hi = scale.hi;
    if (!scale.diverging) {
        const float t = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f) : 0.5f;
        const uint8_t b = byte(std::isnan(t) ? 0.5f : t);
        return {b, b, b};
    }
    float t = hi > 0 ? std::clamp(0.5f + 0.5f * v / hi, 0.0f, 1.0f) : 0.5f;
    if (std::isnan(t)) t = 0.5f;
    const float x = t * 8;
    const int i = std::min(int(std::floor(x)), 7);
    const float f = x - float(i);
    return {byte(kBuRd[i][0] + (kBuRd[i + 1][0] - kBuRd[i][0]) * f),
            byte(kBuRd[i][1] + (kBuRd[i + 1][1] - kBuRd[i][1]) * f),
            byte(kBuRd[i][2] + (kBuRd[i + 1][2] - kBuRd[i][2]) * f)};
}

void ColourizeRgba(std::span<const float> plane, int h, int w, const ColourScale& scale, std::vector<uint8_t>& bytes) {
    const size_t n = h > 0 && w > 0 ? size_t(h) * size_t(w) : 0;
    bytes.assign(n * 4, 255);
    for (size_t i = 0; i < n && i < plane.size(); ++i) {
        const auto c = ColourOf(plane[i], scale);
        bytes[4 * i] = c[0], bytes[4 * i + 1] = c[1], bytes[4 * i + 2] = c[2];
    }
}

}  // namespace cp
