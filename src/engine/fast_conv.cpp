// fast_conv.cpp — Conv2dFast: one packed-input, register-tiled design for all
// geometries (dense, grouped, depthwise; any stride, dilation, padding).
//
// Index
//   [SECTION] Plan      — the packed input layout and when x is read directly
//   [SECTION] Packing   — input (zero padding + stride phase split), weights
//   [SECTION] Tiles     — MR output channels x R rows x 4*NV pixels microkernels
//   [SECTION] Rows      — one output row of one channel block, tails
//   [SECTION] Fallback  — plain scalar conv for pathological geometry
//   [SECTION] Driver    — Conv2dFast: Winograd (fast_winograd.cpp) or direct
//
// Which path. 3x3 stride-1 undilated dense convs with enough channels go to
// Winograd (fast_winograd.cpp: Cin, Cout >= 8 and Cin*Cout >= 144); absurd
// padding/dilation (a packed input far larger than x) to a scalar loop;
// everything else to the direct path below.
//
// The direct path. Treat the conv as a GEMM per group, Y[co][pixel] =
// sum_k W[co][k] * X[k][pixel] with k = (ci, ky, kx), but never build the
// im2col matrix X: if the input is zero-padded and split by stride phase
// (column c of a padded row goes to phase c % sw at index c / sw), then for
// every tap k the pixels ox, ox+1, ... of one output row read *consecutive*
// floats of the packed input, at a constant offset off[k] from the row's
// base. So a tile of MR output channels x 4*NV consecutive output pixels is
//     acc[m][v] += splat(W[co0+m][k]) * load(in + off[k] + 4v)
// summed over k — the 4x8 "loadsplat" tile, which runs at this machine's
// mul+add ceiling (~44 GFLOP/s measured here, on K >= ~27) — and it writes
// NCHW output rows directly, no transpose. Packing costs one pass over the
// input, small next to Cout * K multiply-adds per pixel; when no padding and
// no column stride is involved, x is read as is (1x1 convs, valid convs).
// One output channel per group (depthwise) uses MR = 1 over two rows and
// 16-pixel tiles, so the same code serves it.
//
// Summation order per output: bias, then k = (ci, ky, kx) ascending — the same
// order as the textbook definition, so results match the reference to a few
// ulps.
#include <algorithm>
#include <climits>
#include <cstdint>

#include "fast_simd.h"
#include "fast_tiles.h"
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
    int32_t* off = nullptr;  // per tap k: byte offset from the pixel block's base (ws.conv.offsets)
};

// Packing more than this many floats (beyond the input itself) means a
// geometry made of padding and dilation gaps: those go to the scalar fallback.
constexpr int64_t kMaxPackSlack = int64_t(1) << 22;

bool MakePlan(const ConvGeometry& g, Plan& p, Workspace& ws) {
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
    if (p.plane * p.cin_g * int64_t(sizeof(float)) > INT32_MAX) return false;  // tap offsets are int32 bytes
    p.off = ws.Get(ws.conv.offsets, size_t(p.K));
    if (!p.off) return false;
    int k = 0;
    for (int ci = 0; ci < p.cin_g; ++ci)
        for (int ky = 0; ky < g.kh; ++ky)
            for (int kx = 0; kx < g.kw; ++kx) {
                const int64_t c = int64_t(kx) * g.dw;  // column within the padded row
                const int64_t floats = ci * p.plane + int64_t(ky) * g.dh * p.row + (c % g.sw) * p.phase_len + c / g.sw;
                p.off[k++] = int32_t(floats * int64_t(sizeof(float)));
            }
    return true;
}

// [SECTION] Packing

// Short copies and fills, a vector at a time: rows are ~10-500 floats, where
// a libc call per row (no bulk memory in our wasm baseline) cost more than the
// copy; this made packing about twice as fast.
inline void CopyFloats(float* d, const float* s, int64_t n) {
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) Store(d + i, Load(s + i));
    for (; i < n; ++i) d[i] = s[i];
}
inline void ZeroFloats(float* d, int64_t n) {
    const V z = Splat(0.0f);
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) Store(d + i, z);
    for (; i < n; ++i) d[i] = 0.0f;
}

// One input row into `len` floats: pad_left zeros, the row, zeros, as far as
// len reaches.
inline void PadRow(const float* srow, int iw, int pad_left, float* d, int64_t len) {
    const int64_t lo = std::min<int64_t>(pad_left, len);
    const int64_t hi = std::min<int64_t>(int64_t(pad_left) + iw, len);
    ZeroFloats(d, lo);
    if (hi > lo) CopyFloats(d + lo, srow + (lo - pad_left), hi - lo);
    ZeroFloats(d + std::max(lo, hi), len - std::max(lo, hi));
}

}  // namespace

// See fast_tiles.h. Per phase q, index j holds input column j*sw + q -
// pad_left; the valid ones form [jlo[q], jhi[q]), computed once per call
// because divisions are slow.
// (Strides above 8 work the bounds out per phase and row instead: no
// allocation, and a division is nothing next to such a phase's copy.)
void PackPadded(const float* x, int channels, int ih, int iw, int pad_top, int pad_left, int sw, int rows,
                int phase_len, float* dst, float* row_buf) {
    const int64_t row = int64_t(sw) * phase_len, plane = row * rows;
    const auto bounds = [&](int q, int64_t& lo, int64_t& hi) {
        const int64_t a = int64_t(pad_left) - q;
        const int64_t b = int64_t(iw) - 1 + pad_left - q;
        hi = std::min<int64_t>(b < 0 ? 0 : b / sw + 1, phase_len);
        lo = std::min<int64_t>(a <= 0 ? 0 : (a + sw - 1) / sw, hi);
    };
    int64_t jlo[8], jhi[8];
    for (int q = 0; q < std::min(sw, 8); ++q) bounds(q, jlo[q], jhi[q]);
    // Strides 2 and 4: one padded row at a time in row_buf (L1), then split
    // by shuffles; a scalar gather per phase was 40% of Winograd F(4x4), and
    // per-phase bookkeeping a quarter of a small stride-2 conv. Without
    // row_buf (memory short) they take the per-phase loop below.
    const int64_t padded_len = row;
    if (sw != 2 && sw != 4) row_buf = nullptr;
    for (int ci = 0; ci < channels; ++ci) {
        const float* src = x + int64_t(ci) * ih * iw;
        float* dplane = dst + ci * plane;
        for (int r = 0; r < rows; ++r) {
            float* drow = dplane + int64_t(r) * row;
            const int iy = r - pad_top;
            if (iy < 0 || iy >= ih) {
                ZeroFloats(drow, row);
                continue;
            }
            const float* srow = src + int64_t(iy) * iw;
            if (sw == 2 && row_buf) {  // pad the row, then split even/odd 8 floats at a time
                PadRow(srow, iw, pad_left, row_buf, padded_len);
                int64_t j = 0;
                for (; j + 4 <= phase_len; j += 4) {
                    const V a0 = Load(row_buf + 2 * j), a1 = Load(row_buf + 2 * j + 4);
                    Store(drow + j, Evens(a0, a1));
                    Store(drow + phase_len + j, Odds(a0, a1));
                }
                for (; j < phase_len; ++j) drow[j] = row_buf[2 * j], drow[phase_len + j] = row_buf[2 * j + 1];
                continue;
            }
            if (sw == 4 && row_buf) {  // Winograd F(4x4) and stride 4: pad the row, then 4x4 transposes
                PadRow(srow, iw, pad_left, row_buf, padded_len);
                int64_t j = 0;
                for (; j + 4 <= phase_len; j += 4) {
                    const float* b = row_buf + 4 * j;
                    const V a0 = Load(b), a1 = Load(b + 4), a2 = Load(b + 8), a3 = Load(b + 12);
                    const V t0 = ZipLo(a0, a1), t1 = ZipHi(a0, a1), t2 = ZipLo(a2, a3), t3 = ZipHi(a2, a3);
                    Store(drow + j, Lo64(t0, t2));
                    Store(drow + phase_len + j, Hi64(t0, t2));
                    Store(drow + 2 * phase_len + j, Lo64(t1, t3));
                    Store(drow + 3 * phase_len + j, Hi64(t1, t3));
                }
                for (; j < phase_len; ++j)
                    for (int q = 0; q < 4; ++q) drow[q * phase_len + j] = row_buf[4 * j + q];
                continue;
            }
            for (int q = 0; q < sw; ++q) {
                float* d = drow + int64_t(q) * phase_len;
                int64_t lo, hi;
                if (q < 8) lo = jlo[q], hi = jhi[q];
                else bounds(q, lo, hi);
                const int64_t col = lo * sw + q - pad_left;  // input column of index lo
                const float* s = srow + col;
                ZeroFloats(d, lo);
                if (sw == 1) {
                    CopyFloats(d + lo, s, hi - lo);
                } else {
                    int64_t j = lo;
                    if (sw == 2)  // deinterleave 8 floats into 4 of this phase, while 8 remain in the row
                        for (; j + 4 <= hi && col + (j - lo) * 2 + 8 <= iw; j += 4) {
                            const float* s2 = s + (j - lo) * 2;
                            Store(d + j, Evens(Load(s2), Load(s2 + 4)));
                        }
                    for (; j < hi; ++j) d[j] = s[(j - lo) * sw];
                }
                ZeroFloats(d + hi, phase_len - hi);
            }
        }
    }
}

float* PackRowBuffer(Workspace& ws, int sw, int phase_len) {
    if (sw != 2 && sw != 4) return nullptr;
    return ws.Get(ws.conv.row, size_t(sw) * size_t(phase_len));
}

namespace {

// The cin_g channels at xg, zero-padded (top/left from the geometry, bottom/
// right as far as the output needs) and split into stride phases.
void PackInput(const ConvGeometry& g, const Plan& p, const float* xg, float* dst, float* row_buf) {
    PackPadded(xg, p.cin_g, g.ih, g.iw, g.pad_top, g.pad_left, g.sw, p.rows, p.phase_len, dst, row_buf);
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

// `count` tiles side by side, each MR output channels x R output rows x 4*NV
// consecutive output pixels, the first from input base `in` to output `out`
// (channel co0, first row, first pixel). MR*R*NV accumulators stay in
// registers: x64 has 16 vector registers, so at most 8 accumulators, leaving
// room for inputs and a splat. R > 1 (only with MR = 1: depthwise) shares
// each weight splat across rows and doubles the work per tile when K is as
// small as 9. Looping over the row's tiles in here, rather than one call per
// tile, keeps the per-tile setup small (measured: 10-20% on K = 9..27).
template <int MR, int R, int NV>
__attribute__((noinline)) void Tiles(const float* in, float* out, const TileArgs& a, int count) {
    constexpr int W = 4 * NV;
    const int32_t* const off = a.off;
    const int K = a.K;
    const int64_t irs = a.irs, ors = a.ors, ocs = a.ocs;
    for (int t = 0; t < count; ++t, in += W, out += W) {
        V acc[MR][R][NV];
        for (int m = 0; m < MR; ++m) {
            const V bv = LoadSplat(a.b + m);
            for (int r = 0; r < R; ++r)
                for (int v = 0; v < NV; ++v) acc[m][r][v] = bv;
        }
        const char* base = reinterpret_cast<const char*>(in);
        const float* wp = a.wp;
        for (int k = 0; k < K; ++k, wp += MR) {
            const int32_t o = off[k];
            if constexpr (R == 1) {
                const float* s = reinterpret_cast<const float*>(base + o);
                V xv[NV];
                for (int v = 0; v < NV; ++v) xv[v] = Load(s + 4 * v);
                for (int m = 0; m < MR; ++m) {
                    const V wv = LoadSplat(wp + m);
                    for (int v = 0; v < NV; ++v) acc[m][0][v] = Add(acc[m][0][v], Mul(wv, xv[v]));
                }
            } else {
                for (int m = 0; m < MR; ++m) {
                    const V wv = LoadSplat(wp + m);
                    for (int r = 0; r < R; ++r) {
                        const float* s = reinterpret_cast<const float*>(base + o + r * irs);
                        for (int v = 0; v < NV; ++v) acc[m][r][v] = Add(acc[m][r][v], Mul(wv, Load(s + 4 * v)));
                    }
                }
            }
        }
        for (int m = 0; m < MR; ++m)
            for (int r = 0; r < R; ++r)
                for (int v = 0; v < NV; ++v) Store(out + m * ocs + r * ors + 4 * v, acc[m][r][v]);
    }
}

// Rows narrower than one vector (ow < 4), one row.
void ScalarTile(const float* in, float* out, const TileArgs& a, int mr, int n) {
    const char* base = reinterpret_cast<const char*>(in);
    for (int m = 0; m < mr; ++m)
        for (int i = 0; i < n; ++i) {
            float s = a.b[m];
            for (int k = 0; k < a.K; ++k) s += a.wp[k * mr + m] * reinterpret_cast<const float*>(base + a.off[k])[i];
            out[m * a.ocs + i] = s;
        }
}

}  // namespace

// The tiles by shape: [MR-1] for one row, [4] for MR = 1 over two rows; then
// 16, 8 and 4 pixels wide (NV = 4, 2, 1); null where MR*R*NV > 8 would spill.
// Reached only through this table, which is deliberately neither const nor
// internal, so neither clang nor binaryen (wasm-opt inlines any function
// with a single caller) can inline a tile into the drivers: inlined into one
// big function, V8's TurboFan (Node 20) ran the tile loops at half speed
// (21 vs 39 GFLOP/s on every shape). An indirect call per tile is noise next
// next to a row of tiles.
TileFn kTiles[5][3] = {
    {Tiles<1, 1, 4>, Tiles<1, 1, 2>, Tiles<1, 1, 1>}, {Tiles<2, 1, 4>, Tiles<2, 1, 2>, Tiles<2, 1, 1>},
    {nullptr, Tiles<3, 1, 2>, Tiles<3, 1, 1>},        {nullptr, Tiles<4, 1, 2>, Tiles<4, 1, 1>},
    {Tiles<1, 2, 4>, Tiles<1, 2, 2>, Tiles<1, 2, 1>},
};

// [SECTION] Rows

// Output pixels [0, ow) of R rows for mr channels: tiles of 16, 8 and 4
// pixels, widest first; the last 4-wide tile may start before the remainder
// (recomputing a few pixels: same inputs, same values) so no scalar tail is
// needed once the row is at least 4 wide.
void TileRow(const TileFn* tiles, const float* in, float* out, const TileArgs& a, int mr, int rows, int ow) {
    int ox = 0;
    for (int level = 0; level < 3; ++level) {
        const int w = 16 >> level, count = (ow - ox) / w;
        if (tiles[level] && count > 0) {
            tiles[level](in + ox, out + ox, a, count);
            ox += count * w;
        }
    }
    if (ox == ow) return;
    if (ow >= 4) {
        tiles[2](in + ow - 4, out + ow - 4, a, 1);
    } else {
        for (int r = 0; r < rows; ++r)
            ScalarTile(reinterpret_cast<const float*>(reinterpret_cast<const char*>(in + ox) + r * a.irs),
                       out + ox + r * a.ors, a, mr, ow - ox);
    }
}

namespace {

// One channel block (mr <= 4 channels) over output rows [oy0, oy1). A
// single channel (depthwise) takes two rows per tile.
void Block(const ConvGeometry& g, const Plan& p, const float* in, const float* wp, const float* b, float* out,
           int mr, int oy0, int oy1) {
    const TileArgs a{p.off, p.K, wp, b, int64_t(g.oh) * g.ow, p.oy_step * int64_t(sizeof(float)), g.ow};
    for (int oy = oy0; oy < oy1; ++oy) {
        const float* irow = in + oy * p.oy_step;
        float* orow = out + int64_t(oy) * g.ow;
        if (mr == 1 && oy + 1 < oy1) {
            TileRow(kTiles[4], irow, orow, a, 1, 2, g.ow);
            ++oy;
        } else {
            TileRow(kTiles[mr - 1], irow, orow, a, mr, 1, g.ow);
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

const float kZeros[4] = {0, 0, 0, 0};

// Output rows per band: the band's input rows should stay in L1 (48 KiB per
// core here) while every channel block sweeps them (at least one row). Only
// a few percent either way (1x1 64->64: 612 vs 634 us with 1 MiB bands).
constexpr int64_t kBandBytes = int64_t(32) << 10;

}  // namespace
}  // namespace fast

void Conv2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                Workspace& ws) {
    using namespace fast;
    if (Conv2dWinograd(g, x, w, bias, y, ws)) return;
    Plan p;
    float* packed = nullptr;
    float* wp = nullptr;
    float* row_buf = nullptr;
    const bool planned = MakePlan(g, p, ws);
    if (planned) {
        packed = p.direct ? nullptr : ws.Get(ws.conv.input, size_t(p.plane) * p.cin_g);
        wp = ws.Get(ws.conv.weights, size_t(p.cout_g) * p.K);
        if (!p.direct) row_buf = PackRowBuffer(ws, g.sw, p.phase_len);  // null is fine: the slower split
    }
    if (!planned || (!p.direct && !packed) || !wp) {
        // Absurd padding/dilation, or out of memory: the scalar loop needs no scratch.
        ScalarConv(g, x, w, bias, y);
    } else {
        const int64_t band_row_bytes = int64_t(p.cin_g) * p.oy_step * int64_t(sizeof(float));
        const int band = int(std::clamp<int64_t>(kBandBytes / std::max<int64_t>(band_row_bytes, 1), 1, g.oh));
        for (int grp = 0; grp < g.groups; ++grp) {
            PackWeights(p, w + int64_t(grp) * p.cout_g * p.K, wp);
            for (int n = 0; n < g.n; ++n) {
                const float* xg = x + (int64_t(n) * g.cin + int64_t(grp) * p.cin_g) * g.ih * g.iw;
                const float* in = xg;
                if (!p.direct) {
                    PackInput(g, p, xg, packed, row_buf);
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
    }
    ws.conv.input.Done();
    ws.conv.weights.Done();
    ws.conv.row.Done();
    ws.conv.offsets.Done();
}

}  // namespace cp
