// fast_conv.cpp — Conv2dFast: one packed-input, register-tiled design for all
// geometries (dense, grouped, depthwise; any stride, dilation, padding).
//
// Index
//   [SECTION] Plan      — the packed input layout and when x is read directly
//   [SECTION] Packing   — input (zero padding + stride phase split), weights
//   [SECTION] Tiles     — MR output channels x 4*NV output pixels microkernels
//   [SECTION] Rows      — one output row of one channel block, tails
//   [SECTION] Fallback  — plain scalar conv for pathological geometry
//   [SECTION] Driver    — Conv2dFast
//
// The idea. Treat the conv as a GEMM per group, Y[co][pixel] = sum_k W[co][k] *
// X[k][pixel] with k = (ci, ky, kx), but never build the im2col matrix X:
// if the input is zero-padded and split by stride phase (column c of a padded
// row goes to phase c % sw at index c / sw), then for every tap k the pixels
// ox, ox+1, ... of one output row read *consecutive* floats of the packed
// input, at a constant offset off[k] from the row's base. So a tile of
// MR output channels x 4*NV consecutive output pixels is
//     acc[r][v] += splat(W[co0+r][k]) * load(in + off[k] + 4v)
// summed over k — the 4x8 "loadsplat" tile that reached ~68 GFLOP/s here —
// and it writes NCHW output rows directly, no transpose. Packing costs one
// pass over the input, small next to Cout * K multiply-adds per pixel; when no
// padding and no column stride is involved, x is read as is (1x1 convs, valid
// convs). Few output channels per group (depthwise) use MR = 1 and wider
// pixel tiles, so the same code serves them.
//
// Summation order per output: bias, then k = (ci, ky, kx) ascending — the same
// order as the textbook definition, so results match the reference to a few
// ulps.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fast_simd.h"
#include "kernels.h"

namespace cp {
namespace fast {
namespace {

// [SECTION] Plan

struct Plan {
    bool direct = false;  // read x as is: stride-1 columns and no padding needed
    int cin_g = 1, cout_g = 1, K = 1;
    int rows = 1;          // packed rows per channel
    int phase_len = 1;     // floats per stride phase within a packed row
    int row = 1;           // floats per packed row (direct: iw)
    int64_t plane = 1;     // floats per packed channel (direct: ih*iw)
    int64_t oy_step = 1;   // sh * row: from one output row to the next
    std::vector<int32_t> off;  // per tap k: offset from the pixel block's base
};

// Packing more than this many floats (beyond the input itself) means a
// geometry made of padding and dilation gaps: those go to the scalar fallback.
constexpr int64_t kMaxPackSlack = int64_t(1) << 22;

bool MakePlan(const ConvGeometry& g, Plan& p) {
    p.cin_g = g.cin / g.groups;
    p.cout_g = g.cout / g.groups;
    p.K = p.cin_g * g.kh * g.kw;
    const int64_t need_rows = int64_t(g.oh - 1) * g.sh + int64_t(g.kh - 1) * g.dh + 1;
    const int64_t need_cols = int64_t(g.ow - 1) * g.sw + int64_t(g.kw - 1) * g.dw + 1;
    p.direct = g.sw == 1 && g.pad_top == 0 && g.pad_left == 0 && need_rows <= g.ih && need_cols <= g.iw;
    if (p.direct) {
        p.rows = g.ih;
        p.phase_len = p.row = g.iw;
        p.plane = int64_t(g.ih) * g.iw;
    } else {
        // Phase q holds padded columns q, q+sw, q+2sw, ...; tap kx reads phase
        // (kx*dw) % sw from index ox + (kx*dw) / sw, so this many suffice:
        const int64_t phase_len = g.ow + int64_t(g.kw - 1) * g.dw / g.sw;
        const int64_t plane = need_rows * phase_len * g.sw;
        if (plane * p.cin_g > int64_t(4) * p.cin_g * g.ih * g.iw + kMaxPackSlack) return false;
        p.rows = int(need_rows);
        p.phase_len = int(phase_len);
        p.row = int(phase_len * g.sw);
        p.plane = plane;
    }
    p.oy_step = int64_t(g.sh) * p.row;
    p.off.resize(p.K);
    int k = 0;
    for (int ci = 0; ci < p.cin_g; ++ci)
        for (int ky = 0; ky < g.kh; ++ky)
            for (int kx = 0; kx < g.kw; ++kx) {
                const int64_t c = int64_t(kx) * g.dw;  // column within the padded row
                p.off[k++] = int32_t(ci * p.plane + int64_t(ky) * g.dh * p.row + (c % g.sw) * p.phase_len + c / g.sw);
            }
    return true;
}

// [SECTION] Packing

// The cin_g channels at xg, zero-padded (top/left from the geometry, bottom/
// right as far as the output needs) and split into stride phases.
void PackInput(const ConvGeometry& g, const Plan& p, const float* xg, float* dst) {
    const int sw = g.sw;
    for (int ci = 0; ci < p.cin_g; ++ci) {
        const float* src = xg + int64_t(ci) * g.ih * g.iw;
        float* dplane = dst + ci * p.plane;
        for (int r = 0; r < p.rows; ++r) {
            float* drow = dplane + int64_t(r) * p.row;
            const int iy = r - g.pad_top;
            if (iy < 0 || iy >= g.ih) {
                std::memset(drow, 0, sizeof(float) * p.row);
                continue;
            }
            const float* srow = src + int64_t(iy) * g.iw;
            for (int q = 0; q < sw; ++q) {
                float* d = drow + q * p.phase_len;
                // Index j holds input column j*sw + q - pad_left; valid ones form [jlo, jhi).
                const int64_t a = int64_t(g.pad_left) - q;
                const int64_t b = int64_t(g.iw) - 1 + g.pad_left - q;
                int64_t jlo = a <= 0 ? 0 : (a + sw - 1) / sw;
                int64_t jhi = b < 0 ? 0 : b / sw + 1;
                jhi = std::min<int64_t>(jhi, p.phase_len);
                jlo = std::min(jlo, jhi);
                std::memset(d, 0, sizeof(float) * jlo);
                const float* s = srow + (jlo * sw + q - g.pad_left);
                if (sw == 1) {
                    std::memcpy(d + jlo, s, sizeof(float) * (jhi - jlo));
                } else {
                    int64_t j = jlo;
#ifdef __wasm_simd128__
                    if (sw == 2) {  // deinterleave 8 floats into 4 of this phase
                        for (; j + 4 <= jhi && (j - jlo) * 2 + 8 <= (g.iw - (jlo * sw + q - g.pad_left)); j += 4) {
                            const float* s2 = s + (j - jlo) * 2;
                            Store(d + j, Evens(Load(s2), Load(s2 + 4)));
                        }
                    }
#endif
                    for (; j < jhi; ++j) d[j] = s[(j - jlo) * sw];
                }
                std::memset(d + jhi, 0, sizeof(float) * (p.phase_len - jhi));
            }
        }
    }
}

// Weights of one group, in blocks of MR output channels: block at co0 holds
// K x mr floats, w[co0 + r][k] at [co0*K + k*mr + r], so the tile reads its
// mr weights for tap k from consecutive addresses.
void PackWeights(const Plan& p, const float* wg, float* dst) {
    for (int co0 = 0; co0 < p.cout_g; co0 += 4) {
        const int mr = std::min(4, p.cout_g - co0);
        float* d = dst + int64_t(co0) * p.K;
        for (int r = 0; r < mr; ++r) {
            const float* s = wg + int64_t(co0 + r) * p.K;
            for (int k = 0; k < p.K; ++k) d[k * mr + r] = s[k];
        }
    }
}

// [SECTION] Tiles

// MR output channels x 4*NV consecutive output pixels starting at `in` (the
// pixel block's base in the packed input) and `out` (channel co0's row).
// MR * NV accumulators stay in registers: x64 has 16 vector registers, so
// MR*NV <= 8 leaves room for the NV inputs and a splat.
// noinline matters: inlined into the row driver, V8's TurboFan (Node 20)
// compiled this loop at about half speed (21 vs 39 GFLOP/s on every shape);
// as its own small function the accumulators stay in registers. One call per
// tile costs nothing next to K iterations of 2*MR*NV vector ops.
template <int MR, int NV>
__attribute__((noinline)) void Tile(const float* in, const int32_t* off, int K, const float* wp, const float* b,
                                    float* out, int64_t ocs) {
    V acc[MR][NV];
    for (int r = 0; r < MR; ++r)
        for (int v = 0; v < NV; ++v) acc[r][v] = LoadSplat(b + r);
    for (int k = 0; k < K; ++k) {
        const float* s = in + off[k];
        V xv[NV];
        for (int v = 0; v < NV; ++v) xv[v] = Load(s + 4 * v);
        for (int r = 0; r < MR; ++r) {
            const V wv = LoadSplat(wp + r);
            for (int v = 0; v < NV; ++v) acc[r][v] = Add(acc[r][v], Mul(wv, xv[v]));
        }
        wp += MR;
    }
    for (int r = 0; r < MR; ++r)
        for (int v = 0; v < NV; ++v) Store(out + r * ocs + 4 * v, acc[r][v]);
}

// Rows narrower than one vector (ow < 4).
template <int MR>
void ScalarTile(const float* in, const int32_t* off, int K, const float* wp, const float* b, float* out,
                int64_t ocs, int n) {
    for (int r = 0; r < MR; ++r)
        for (int i = 0; i < n; ++i) {
            float s = b[r];
            for (int k = 0; k < K; ++k) s += wp[k * MR + r] * in[off[k] + i];
            out[r * ocs + i] = s;
        }
}

// [SECTION] Rows

// Output pixels [ox, ow) of one row for MR channels: full tiles of 4*NV, then
// the remainder with narrower tiles; the last 4-wide tile may start before ox
// (recomputing a few pixels: same inputs, same values) so no scalar tail is
// needed once the row is at least 4 wide.
template <int MR, int NV>
void Row(const float* in, const int32_t* off, int K, const float* wp, const float* b, float* out, int64_t ocs,
         int ox, int ow) {
    constexpr int W = 4 * NV;
    for (; ox + W <= ow; ox += W) Tile<MR, NV>(in + ox, off, K, wp, b, out + ox, ocs);
    if (ox == ow) return;
    if constexpr (NV > 1) {
        Row<MR, NV / 2>(in, off, K, wp, b, out, ocs, ox, ow);
    } else if (ow >= 4) {
        Tile<MR, 1>(in + ow - 4, off, K, wp, b, out + ow - 4, ocs);
    } else {
        ScalarTile<MR>(in + ox, off, K, wp, b, out + ox, ocs, ow - ox);
    }
}

// One channel block (mr <= 4 channels) over output rows [oy0, oy1).
void Block(const ConvGeometry& g, const Plan& p, const float* in, const float* wp, const float* b, float* out,
           int mr, int oy0, int oy1) {
    const int64_t ocs = int64_t(g.oh) * g.ow;
    for (int oy = oy0; oy < oy1; ++oy) {
        const float* irow = in + oy * p.oy_step;
        float* orow = out + int64_t(oy) * g.ow;
        const int32_t* off = p.off.data();
        switch (mr) {
            case 4: Row<4, 2>(irow, off, p.K, wp, b, orow, ocs, 0, g.ow); break;
            case 3: Row<3, 2>(irow, off, p.K, wp, b, orow, ocs, 0, g.ow); break;
            case 2: Row<2, 4>(irow, off, p.K, wp, b, orow, ocs, 0, g.ow); break;
            default: Row<1, 4>(irow, off, p.K, wp, b, orow, ocs, 0, g.ow); break;
        }
    }
}

// [SECTION] Fallback

void ScalarConv(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
    const int cin_g = g.cin / g.groups, cout_g = g.cout / g.groups;
    for (int n = 0; n < g.n; ++n)
        for (int co = 0; co < g.cout; ++co) {
            const int grp = co / cout_g;
            for (int oy = 0; oy < g.oh; ++oy)
                for (int ox = 0; ox < g.ow; ++ox) {
                    float s = bias ? bias[co] : 0.0f;
                    for (int ci = 0; ci < cin_g; ++ci) {
                        const float* xc = x + (int64_t(n) * g.cin + grp * cin_g + ci) * g.ih * g.iw;
                        const float* wc = w + (int64_t(co) * cin_g + ci) * g.kh * g.kw;
                        for (int ky = 0; ky < g.kh; ++ky) {
                            const int64_t iy = int64_t(oy) * g.sh - g.pad_top + int64_t(ky) * g.dh;
                            if (iy < 0 || iy >= g.ih) continue;
                            for (int kx = 0; kx < g.kw; ++kx) {
                                const int64_t ix = int64_t(ox) * g.sw - g.pad_left + int64_t(kx) * g.dw;
                                if (ix < 0 || ix >= g.iw) continue;
                                s += wc[ky * g.kw + kx] * xc[iy * g.iw + ix];
                            }
                        }
                    }
                    y[((int64_t(n) * g.cout + co) * g.oh + oy) * g.ow + ox] = s;
                }
        }
}

// [SECTION] Driver

Scratch g_input_scratch, g_weight_scratch;
const float kZeros[4] = {0, 0, 0, 0};

// Output rows per band: the band's input rows should stay in L2 (2 MiB per
// core here) while every channel block sweeps them.
#ifndef CONVPLAY_BAND_BYTES
#define CONVPLAY_BAND_BYTES (int64_t(1) << 20)
#endif
constexpr int64_t kBandBytes = CONVPLAY_BAND_BYTES;

}  // namespace
}  // namespace fast

void Conv2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
    using namespace fast;
    Plan p;
    if (!MakePlan(g, p)) {
        ScalarConv(g, x, w, bias, y);
        return;
    }
    float* packed = p.direct ? nullptr : g_input_scratch.Get(size_t(p.plane) * p.cin_g);
    float* wp = g_weight_scratch.Get(size_t(p.cout_g) * p.K);
    const int64_t band_row_bytes = int64_t(p.cin_g) * p.oy_step * int64_t(sizeof(float));
    const int band = int(std::clamp<int64_t>(kBandBytes / std::max<int64_t>(band_row_bytes, 1), 1, g.oh));
    for (int grp = 0; grp < g.groups; ++grp) {
        PackWeights(p, w + int64_t(grp) * p.cout_g * p.K, wp);
        for (int n = 0; n < g.n; ++n) {
            const float* xg = x + (int64_t(n) * g.cin + int64_t(grp) * p.cin_g) * g.ih * g.iw;
            const float* in = xg;
            if (!p.direct) {
                PackInput(g, p, xg, packed);
                in = packed;
            }
            float* yg = y + (int64_t(n) * g.cout + int64_t(grp) * p.cout_g) * g.oh * g.ow;
            for (int oy0 = 0; oy0 < g.oh; oy0 += band) {
                const int oy1 = std::min(g.oh, oy0 + band);
                for (int co0 = 0; co0 < p.cout_g; co0 += 4) {
                    const int mr = std::min(4, p.cout_g - co0);
                    const float* b = bias ? bias + grp * p.cout_g + co0 : kZeros;
                    Block(g, p, in, wp + int64_t(co0) * p.K, b, yg + int64_t(co0) * g.oh * g.ow, mr, oy0, oy1);
                }
            }
        }
    }
    g_input_scratch.Done();
    g_weight_scratch.Done();
}

}  // namespace cp
