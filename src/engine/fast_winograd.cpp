// fast_winograd.cpp — 3x3 stride-1 convolution by Winograd F(2x2, 3x3).
//
// Index
//   [SECTION] When      — which geometries take this path
//   [SECTION] Transforms — kernel (G g G^T), input (B^T d B), output (A^T m A)
//   [SECTION] Driver    — pad, transform, 16 products on the shared tiles, back
//
// Why. The direct tiles run at this machine's mul+add ceiling (~44 GFLOP/s:
// no FMA in baseline wasm SIMD), so the only way past it is fewer
// multiply-adds. F(2x2, 3x3) computes a 2x2 output tile from a 4x4 input
// patch with 16 products per (input, output) channel pair instead of 36:
//   Y = A^T [ sum_ci (G g G^T) .* (B^T d B) ] A
// The sum over ci is, for each of the 16 positions xi, an ordinary product
// (Cout x Cin) . (Cin x tiles), run on the same register tiles as the direct
// conv (fast_tiles.h), with tiles of output pixels replaced by Winograd tiles.
// The transforms cost a few adds per value and are vectorised over 4 tiles.
//
// Accuracy. The transforms use only +, - and x0.5, so the result differs from
// the direct sum by a few ulps of the terms' magnitudes (the tests hold it to
// the same tolerance as the direct path, and the golden suite to PyTorch).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "fast_simd.h"
#include "fast_tiles.h"

namespace cp::fast {
namespace {

// [SECTION] When

// Few channels: the transforms (per input and per output channel) and the
// short products (K = Cin) outweigh the multiply-adds saved. Measured here
// (tests/perf/bench_kernels.cpp): 8->8 and 12->12 break even, 16->16 gains
// 1.2-1.4x, 64->64 1.9x; 1->8 and 3->16 lose 2x and 1.3x.
#ifndef CONVPLAY_WINOGRAD_MIN_CIN
#define CONVPLAY_WINOGRAD_MIN_CIN 8
#endif
constexpr int kMinChannels = CONVPLAY_WINOGRAD_MIN_CIN;  // each of Cin, Cout
constexpr int kMinChannelProduct = 144;                  // Cin * Cout

bool Applies(const ConvGeometry& g) {
    return g.kh == 3 && g.kw == 3 && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.groups == 1 &&
           g.cin >= kMinChannels && g.cout >= kMinChannels && int64_t(g.cin) * g.cout >= kMinChannelProduct &&
           g.oh >= 2 && g.ow >= 2;
}

// [SECTION] Transforms

// U = G g G^T for one 3x3 kernel, 16 values row-major (xi = 4*i + j), with
// G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1].
void TransformKernel(const float* k, float* u) {
    float t[4][3];  // G g
    for (int j = 0; j < 3; ++j) {
        const float g0 = k[j], g1 = k[3 + j], g2 = k[6 + j];
        t[0][j] = g0;
        t[1][j] = 0.5f * (g0 + g1 + g2);
        t[2][j] = 0.5f * (g0 - g1 + g2);
        t[3][j] = g2;
    }
    for (int i = 0; i < 4; ++i) {
        const float a = t[i][0], b = t[i][1], c = t[i][2];
        u[4 * i + 0] = a;
        u[4 * i + 1] = 0.5f * (a + b + c);
        u[4 * i + 2] = 0.5f * (a - b + c);
        u[4 * i + 3] = c;
    }
}

// V = B^T d B for the 4x4 patches of 4 horizontally adjacent tiles. The
// padded input is split into even and odd columns (a row: `half` even
// floats, then `half` odd ones), so tile tx's patch row is even[tx],
// odd[tx], even[tx+1], odd[tx+1]: four plain loads for 4 tiles, no shuffles
// (which x64 runs on one port). V[xi] goes to out + xi*xi_stride.
// B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1].
inline void TransformInput(const float* p, int64_t rs, int64_t half, float* out, int64_t xi_stride) {
    V t[4][4];  // d B, row by row
    for (int i = 0; i < 4; ++i) {
        const float* e = p + i * rs;
        const float* o = e + half;
        const V d0 = Load(e), d1 = Load(o), d2 = Load(e + 1), d3 = Load(o + 1);
        t[i][0] = Sub(d0, d2);
        t[i][1] = Add(d1, d2);
        t[i][2] = Sub(d2, d1);
        t[i][3] = Sub(d1, d3);
    }
    for (int j = 0; j < 4; ++j) {
        Store(out + (0 + j) * xi_stride, Sub(t[0][j], t[2][j]));
        Store(out + (4 + j) * xi_stride, Add(t[1][j], t[2][j]));
        Store(out + (8 + j) * xi_stride, Sub(t[2][j], t[1][j]));
        Store(out + (12 + j) * xi_stride, Sub(t[1][j], t[3][j]));
    }
}

// Y = A^T m A + bias for 4 adjacent tiles (m[xi] at in + xi*xi_stride),
// written as two output rows of 8 pixels, clipped to `rows` x `cols`.
// A^T = [1 1 1 0; 0 1 -1 -1].
inline void TransformOutput(const float* in, int64_t xi_stride, V bias, float* out, int64_t ors, int rows,
                            int cols) {
    V s0[4], s1[4];
    for (int j = 0; j < 4; ++j) {
        const V m0 = Load(in + (0 + j) * xi_stride), m1 = Load(in + (4 + j) * xi_stride);
        const V m2 = Load(in + (8 + j) * xi_stride), m3 = Load(in + (12 + j) * xi_stride);
        s0[j] = Add(Add(m0, m1), m2);
        s1[j] = Sub(Sub(m1, m2), m3);
    }
    V y[2][2];
    y[0][0] = Add(Add(Add(s0[0], s0[1]), s0[2]), bias);
    y[0][1] = Add(Sub(Sub(s0[1], s0[2]), s0[3]), bias);
    y[1][0] = Add(Add(Add(s1[0], s1[1]), s1[2]), bias);
    y[1][1] = Add(Sub(Sub(s1[1], s1[2]), s1[3]), bias);
    for (int r = 0; r < rows; ++r) {
        float* o = out + r * ors;
        const V lo = ZipLo(y[r][0], y[r][1]), hi = ZipHi(y[r][0], y[r][1]);
        if (cols >= 8) {
            Store(o, lo);
            Store(o + 4, hi);
        } else {
            float tmp[8];
            Store(tmp, lo);
            Store(tmp + 4, hi);
            for (int c = 0; c < cols; ++c) o[c] = tmp[c];
        }
    }
}

// [SECTION] Driver

Scratch g_padded, g_u, g_v, g_m;
ScratchOf<int32_t> g_offsets;
const float kZeros[4] = {0, 0, 0, 0};

// The transformed input and products of one band of tile rows stay in L2
// (2 MiB per core here): each of them at most this many bytes.
constexpr int64_t kBandBytes = int64_t(256) << 10;

}  // namespace

bool Conv2dWinograd(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
    if (!Applies(g)) return false;
    const int cin = g.cin, cout = g.cout;
    const int ty_count = (g.oh + 1) / 2, tx_count = (g.ow + 1) / 2;
    const int txp = (tx_count + 3) / 4 * 4;  // tiles per tile row, padded to whole vectors
    // Padded input, even/odd column split: tile (ty, tx) reads rows 2ty..2ty+3,
    // even and odd indices tx and tx+1 (up to txp for the last group of 4).
    const int64_t hp = 2 * int64_t(ty_count) + 2, half = int64_t(txp) + 1, rs = 2 * half;
    const int64_t plane = hp * rs;
    if (plane * cin > (int64_t(1) << 26)) return false;  // absurd sizes: the direct path copes

    const int band = int(std::clamp<int64_t>(kBandBytes / (16 * int64_t(std::max(cin, cout)) * txp * 4), 1, ty_count));
    const int64_t tmax = int64_t(band) * txp;  // tiles per band
    // V[xi][ci][t] at v + xi*vs + ci*tmax + t, M[xi][co][t] at m + xi*ms + co*tmax + t.
    // The transforms touch all 16 xi at once: 64 bytes beyond a whole number
    // of rows keep those 16 streams out of one L1 set (with power-of-two
    // sizes they collided: 4x slower input transform on 128x128 16->32).
    const int64_t vs = int64_t(cin) * tmax + 16, ms = int64_t(cout) * tmax + 16;
    float* padded = g_padded.Get(size_t(plane) * cin);
    float* u = g_u.Get(size_t(16) * cout * cin);
    float* v = g_v.Get(size_t(16) * vs);
    float* m = g_m.Get(size_t(16) * ms);

    // U[xi], packed per channel block of 4 as the tiles read it: co0*cin + ci*mr + r.
    for (int co = 0; co < cout; ++co) {
        const int co0 = co / 4 * 4, mr = std::min(4, cout - co0), r = co - co0;
        for (int ci = 0; ci < cin; ++ci) {
            float t[16];
            TransformKernel(w + (int64_t(co) * cin + ci) * 9, t);
            for (int xi = 0; xi < 16; ++xi) u[(int64_t(xi) * cout + co0) * cin + int64_t(ci) * mr + r] = t[xi];
        }
    }
    int32_t* off = g_offsets.Get(size_t(cin));
    for (int ci = 0; ci < cin; ++ci) off[ci] = int32_t(int64_t(ci) * tmax * int64_t(sizeof(float)));

    for (int n = 0; n < g.n; ++n) {
        PackPadded(x + int64_t(n) * cin * g.ih * g.iw, cin, g.ih, g.iw, g.pad_top, g.pad_left, 2, int(hp), int(half),
                   padded);
        float* yn = y + int64_t(n) * cout * g.oh * g.ow;
        for (int ty0 = 0; ty0 < ty_count; ty0 += band) {
            const int ty1 = std::min(ty_count, ty0 + band);
            const int tiles = (ty1 - ty0) * txp;
            // V[xi][ci][t]
            for (int ci = 0; ci < cin; ++ci)
                for (int ty = ty0; ty < ty1; ++ty)
                    for (int tx = 0; tx < txp; tx += 4)
                        TransformInput(padded + ci * plane + 2 * int64_t(ty) * rs + tx, rs, half,
                                       v + int64_t(ci) * tmax + int64_t(ty - ty0) * txp + tx, vs);
            // M[xi][co][t] = sum_ci U[xi][co][ci] V[xi][ci][t]
            for (int64_t xi = 0; xi < 16; ++xi)
                for (int co0 = 0; co0 < cout; co0 += 4) {
                    const int mr = std::min(4, cout - co0);
                    const TileArgs a{off, cin, u + (int64_t(xi) * cout + co0) * cin, kZeros, tmax, 0, 0};
                    TileRow(kTiles[mr - 1], v + xi * vs, m + xi * ms + int64_t(co0) * tmax, a, mr, 1, tiles);
                }
            // Y = A^T M A + bias
            for (int co = 0; co < cout; ++co) {
                const V b = Splat(bias ? bias[co] : 0.0f);
                float* yc = yn + int64_t(co) * g.oh * g.ow;
                for (int ty = ty0; ty < ty1; ++ty) {
                    const int rows = std::min(2, g.oh - 2 * ty);
                    for (int tx = 0; tx < tx_count; tx += 4)
                        TransformOutput(m + int64_t(co) * tmax + int64_t(ty - ty0) * txp + tx, ms, b,
                                        yc + 2 * int64_t(ty) * g.ow + 2 * tx, g.ow, rows, g.ow - 2 * tx);
                }
            }
        }
    }
    g_padded.Done();
    g_u.Done();
    g_v.Done();
    g_m.Done();
    g_offsets.Done();
    return true;
}

}  // namespace cp::fast
