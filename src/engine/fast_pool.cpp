// fast_pool.cpp — MaxPool2dFast and AvgPool2dFast.
//
// Index
//   [SECTION] Scalar   — one output value, PyTorch's exact rules (borders, other strides)
//   [SECTION] Columns  — which output columns a 4-wide vector may compute
//   [SECTION] Max
//   [SECTION] Avg
//
// Pooling is memory-bound, so the SIMD path is simple: 4 consecutive output
// pixels of a row per vector, whose taps are input columns ox*sw + kx*dw for
// ox .. ox+3: one plain load for column stride 1, for strides 2, 3 and 4 the
// 8, 12 or 16 floats that hold them and a lane shuffle, and above that four
// scalar loads into lanes (still far cheaper than the scalar path's bounds
// checks and NaN branch per tap: image mode pools 512^2 pictures with k = s
// = 3..8). Only the interior columns, whose windows lie inside the input
// horizontally, go through it; the borders take the scalar path. Rows are
// clipped per output row, which both paths share.
// Each lane sums/compares in the same order as the scalar code (ky, then kx),
// so both paths give identical bits.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "fast_simd.h"
#include "kernels.h"

namespace cp {
namespace fast {
namespace {

// [SECTION] Scalar

// Max over the window's in-bounds taps; padding never wins. A NaN wins and
// stays, like PyTorch (its update is `v > m || isnan(v)`).
float MaxAt(const PoolGeometry& g, const float* plane, int oy, int ox) {
    float m = -std::numeric_limits<float>::infinity();
    for (int ky = 0; ky < g.kh; ++ky) {
        const int64_t iy = int64_t(oy) * g.sh - g.pad_h + int64_t(ky) * g.dh;
        if (iy < 0 || iy >= g.ih) continue;
        for (int kx = 0; kx < g.kw; ++kx) {
            const int64_t ix = int64_t(ox) * g.sw - g.pad_w + int64_t(kx) * g.dw;
            if (ix < 0 || ix >= g.iw) continue;
            const float v = plane[iy * g.iw + ix];
            if (v > m || std::isnan(v)) m = v;
        }
    }
    return m;
}

// PyTorch's avg_pool2d: the window is clipped to input + padding for
// count_include_pad's divisor, then to the input for the sum.
struct AvgRows {
    int lo, hi;  // input rows summed
    int padded;  // rows counted by count_include_pad
};
AvgRows AvgRowRange(const PoolGeometry& g, int oy) {
    const int64_t hs = int64_t(oy) * g.sh - g.pad_h;
    const int64_t he = std::min<int64_t>(hs + g.kh, int64_t(g.ih) + g.pad_h);
    return {int(std::max<int64_t>(hs, 0)), int(std::min<int64_t>(he, g.ih)), int(he - hs)};
}

float AvgAt(const PoolGeometry& g, const float* plane, const AvgRows& rows, int ox) {
    const int64_t ws = int64_t(ox) * g.sw - g.pad_w;
    const int64_t we = std::min<int64_t>(ws + g.kw, int64_t(g.iw) + g.pad_w);
    const int64_t padded_cols = we - ws;
    const int64_t lo = std::max<int64_t>(ws, 0), hi = std::min<int64_t>(we, g.iw);
    float s = 0.0f;
    for (int iy = rows.lo; iy < rows.hi; ++iy)
        for (int64_t ix = lo; ix < hi; ++ix) s += plane[int64_t(iy) * g.iw + ix];
    int64_t div;
    if (g.divisor_override) div = g.divisor_override;
    else if (g.count_include_pad) div = rows.padded * padded_cols;
    else div = int64_t(std::max(rows.hi - rows.lo, 0)) * std::max<int64_t>(hi - lo, 0);
    // divisor_override may be negative (PyTorch only rejects 0); 0 only for an
    // empty window, which a validated geometry never has.
    return div != 0 ? s / float(div) : 0.0f;
}

// [SECTION] Columns

// Floats LoadTap reads past the 4th lane's tap: the rest of the last vector
// for strides 2..4 (8, 12, 16 floats loaded), none for plain or gathered loads.
inline int LoadSlack(int sw) { return sw >= 2 && sw <= 4 ? sw - 1 : 0; }

// Output columns [lo, hi) whose every tap column is inside the input, and
// whose loads are too (LoadSlack floats past the last tap).
struct Cols {
    int lo = 0, hi = 0;
};
Cols VectorCols(int iw, int ow, int sw, int pw, int kw, int dw) {
    const int64_t extra = LoadSlack(sw);
    const int64_t lo = (int64_t(pw) + sw - 1) / sw;
    const int64_t last = int64_t(iw) - 1 - extra + pw - int64_t(kw - 1) * dw;  // ox*sw <= last
    if (last < 0) return {};
    const int64_t hi = std::min<int64_t>(last / sw + 1, ow);
    if (hi <= lo) return {};
    return {int(lo), int(hi)};
}

// 4 consecutive outputs' tap: p[0], p[sw], p[2sw], p[3sw].
inline V LoadTap(const float* p, int sw) {
    switch (sw) {
        case 1: return Load(p);
        case 2: return Evens(Load(p), Load(p + 4));
        case 3: return Thirds(Load(p), Load(p + 4), Load(p + 8));
        case 4: return Firsts(Load(p), Load(p + 4), Load(p + 8), Load(p + 12));
        default: return Gather(p, sw);
    }
}

// NV vectors (4*NV outputs from ox) of one output row. Several vectors at a
// time because each is a serial chain of max (or add) over the taps: with
// one, the 4-cycle latency per tap was the whole cost (4x slower).
template <int NV>
inline void MaxVectors(const PoolGeometry& g, const float* plane, int oy, int ox, float* out) {
    V m[NV], nan[NV];
    for (int v = 0; v < NV; ++v) m[v] = Splat(-std::numeric_limits<float>::infinity()), nan[v] = Splat(0.0f);
    for (int ky = 0; ky < g.kh; ++ky) {
        const int64_t iy = int64_t(oy) * g.sh - g.pad_h + int64_t(ky) * g.dh;
        if (iy < 0 || iy >= g.ih) continue;
        const float* p = plane + iy * g.iw + int64_t(ox) * g.sw - g.pad_w;
        for (int kx = 0; kx < g.kw; ++kx) {
            const float* q = p + int64_t(kx) * g.dw;
            for (int v = 0; v < NV; ++v) {
                const V t = LoadTap(q + 4 * v * g.sw, g.sw);
                m[v] = PMax(m[v], t);
                nan[v] = NaNMask(nan[v], t);
            }
        }
    }
    for (int v = 0; v < NV; ++v) Store(out + 4 * v, WithNaN(m[v], nan[v]));
}

template <int NV>
inline void AvgVectors(const PoolGeometry& g, const float* plane, const AvgRows& rows, int ox, V div, float* out) {
    V s[NV];
    for (int v = 0; v < NV; ++v) s[v] = Splat(0.0f);
    for (int iy = rows.lo; iy < rows.hi; ++iy) {
        const float* p = plane + int64_t(iy) * g.iw + int64_t(ox) * g.sw - g.pad_w;
        for (int kx = 0; kx < g.kw; ++kx)
            for (int v = 0; v < NV; ++v) s[v] = Add(s[v], LoadTap(p + kx + 4 * v * g.sw, g.sw));
    }
    // Divide (not multiply by a reciprocal): same bits as the scalar path.
    for (int v = 0; v < NV; ++v) Store(out + 4 * v, Div(s[v], div));
}

}  // namespace
}  // namespace fast

// [SECTION] Max

void MaxPool2dFast(const PoolGeometry& g, const float* x, float* y) {
    using namespace fast;
    const Cols cols = VectorCols(g.iw, g.ow, g.sw, g.pad_w, g.kw, g.dw);
    for (int64_t pc = 0; pc < int64_t(g.n) * g.c; ++pc) {
        const float* plane = x + pc * g.ih * g.iw;
        float* out = y + pc * g.oh * g.ow;
        for (int oy = 0; oy < g.oh; ++oy) {
            float* orow = out + int64_t(oy) * g.ow;
            int ox = 0;
            for (; ox < cols.lo && ox < g.ow; ++ox) orow[ox] = MaxAt(g, plane, oy, ox);
            for (; ox + 16 <= cols.hi; ox += 16) MaxVectors<4>(g, plane, oy, ox, orow + ox);
            for (; ox + 4 <= cols.hi; ox += 4) MaxVectors<1>(g, plane, oy, ox, orow + ox);
            for (; ox < g.ow; ++ox) orow[ox] = MaxAt(g, plane, oy, ox);
        }
    }
}

// [SECTION] Avg

void AvgPool2dFast(const PoolGeometry& g, const float* x, float* y) {
    using namespace fast;
    const Cols cols = VectorCols(g.iw, g.ow, g.sw, g.pad_w, g.kw, 1);
    for (int64_t pc = 0; pc < int64_t(g.n) * g.c; ++pc) {
        const float* plane = x + pc * g.ih * g.iw;
        float* out = y + pc * g.oh * g.ow;
        for (int oy = 0; oy < g.oh; ++oy) {
            float* orow = out + int64_t(oy) * g.ow;
            const AvgRows rows = AvgRowRange(g, oy);
            int ox = 0;
            for (; ox < cols.lo && ox < g.ow; ++ox) orow[ox] = AvgAt(g, plane, rows, ox);
            if (cols.hi - ox >= 4) {
                // Interior windows are kw wide, so every lane has the same divisor.
                int64_t div;
                if (g.divisor_override) div = g.divisor_override;
                else if (g.count_include_pad) div = int64_t(rows.padded) * g.kw;
                else div = int64_t(std::max(rows.hi - rows.lo, 0)) * g.kw;
                const V vdiv = Splat(div != 0 ? float(div) : 1.0f);  // 0: empty rows, sums are 0
                for (; ox + 16 <= cols.hi; ox += 16) AvgVectors<4>(g, plane, rows, ox, vdiv, orow + ox);
                for (; ox + 4 <= cols.hi; ox += 4) AvgVectors<1>(g, plane, rows, ox, vdiv, orow + ox);
            }
            for (; ox < g.ow; ++ox) orow[ox] = AvgAt(g, plane, rows, ox);
        }
    }
}

}  // namespace cp
