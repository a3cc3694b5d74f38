// fast_winograd.cpp — 3x3 stride-1 convolution by Winograd F(2x2, 3x3) and
// F(4x4, 3x3).
//
// Index
//   [SECTION] When       — which geometries take this path
//   [SECTION] Transforms — kernel (G g G^T), input (B^T d B), output (A^T m A)
//   [SECTION] Driver     — pad, transform, A*A products on the shared tiles, back;
//                          F(2x2) or F(4x4)
//
// Why. The direct tiles run at this machine's mul+add ceiling (~44 GFLOP/s:
// no FMA in baseline wasm SIMD), so the only way past it is fewer
// multiply-adds. F(2x2, 3x3) computes a 2x2 output tile from a 4x4 input
// patch with 16 products per (input, output) channel pair instead of 36
// (F(4x4, 3x3): a 4x4 tile from 6x6, 36 products instead of 144):
//   Y = A^T [ sum_ci (G g G^T) .* (B^T d B) ] A
// The sum over ci is, for each of the A*A positions xi, an ordinary product
// (Cout x Cin) . (Cin x tiles), run on the same register tiles as the direct
// conv (fast_tiles.h), with tiles of output pixels replaced by Winograd tiles.
// The transforms cost a few adds per value and are vectorised over 4 tiles.
//
// Accuracy. F(2x2)'s transforms use only +, - and x0.5: measured against an
// exact sum it is as accurate as the direct path. F(4x4)'s are not (see
// UseF43), so it is used only where its error stays well inside the suites'
// tolerance. The tests hold both to the direct path's tolerance.
#include <algorithm>
#include <cstdint>

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

// Each variant: output tile M x M from an A x A input patch, A = M + 2.
// Kernel: U = G g G^T (A*A values, xi = A*i + j). Input: V = B^T d B for the
// patches of 4 horizontally adjacent tiles, stored at out + xi*xs. The
// padded input is split into M column phases (a row: M runs of `pl` floats,
// phase q holding columns q, q+M, ...), so patch column j of tile tx is
// phase j % M, index tx + j / M: plain loads of 4 tiles at once, no shuffles
// (which x64 runs on one port). Output: y = A^T m A for the 4 tiles.

// F(2x2, 3x3): G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1],
// B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], A^T = [1 1 1 0; 0 1 -1 -1].
struct F23 {
    static constexpr int M = 2, A = 4;
    static void G3(float g0, float g1, float g2, float* t, int ts) {
        t[0] = g0;
        t[ts] = 0.5f * (g0 + g1 + g2);
        t[2 * ts] = 0.5f * (g0 - g1 + g2);
        t[3 * ts] = g2;
    }
    static void BT(const V* d, V* r) {
        r[0] = Sub(d[0], d[2]);
        r[1] = Add(d[1], d[2]);
        r[2] = Sub(d[2], d[1]);
        r[3] = Sub(d[1], d[3]);
    }
    static void AT(const V* m, V* o) {
        o[0] = Add(Add(m[0], m[1]), m[2]);
        o[1] = Sub(Sub(m[1], m[2]), m[3]);
    }
};

// F(4x4, 3x3) (Lavin & Gray's matrices): 36 products per channel pair for
// 16 outputs, i.e. 2.25 per output instead of F(2x2)'s 4 and direct's 9.
// G = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6; 1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1]
// B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
// A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
struct F43 {
    static constexpr int M = 4, A = 6;
    static void G3(float g0, float g1, float g2, float* t, int ts) {
        t[0] = g0 / 4;
        t[ts] = -(g0 + g1 + g2) / 6;
        t[2 * ts] = -(g0 - g1 + g2) / 6;
        t[3 * ts] = g0 / 24 + g1 / 12 + g2 / 6;
        t[4 * ts] = g0 / 24 - g1 / 12 + g2 / 6;
        t[5 * ts] = g2;
    }
    static void BT(const V* d, V* r) {
        const V four = Splat(4.0f), five = Splat(5.0f);
        const V a = Sub(d[4], d[2]), b = Sub(d[3], d[1]), b2 = Add(b, b);
        r[0] = Sub(Add(d[4], Mul(four, d[0])), Mul(five, d[2]));
        r[1] = Sub(Add(d[3], d[4]), Mul(four, Add(d[1], d[2])));
        r[2] = Add(Sub(d[4], d[3]), Mul(four, Sub(d[1], d[2])));
        r[3] = Add(a, b2);
        r[4] = Sub(a, b2);
        r[5] = Sub(Add(d[5], Mul(four, d[1])), Mul(five, d[3]));
    }
    static void AT(const V* m, V* o) {
        const V s12 = Add(m[1], m[2]), d12 = Sub(m[1], m[2]), s34 = Add(m[3], m[4]), d34 = Sub(m[3], m[4]);
        o[0] = Add(Add(m[0], s12), s34);
        o[1] = Add(d12, Add(d34, d34));
        o[2] = Add(s12, Mul(Splat(4.0f), s34));
        o[3] = Add(Add(d12, Mul(Splat(8.0f), d34)), m[5]);
    }
};

// U = G g G^T for one 3x3 kernel k (row-major), A*A values at u.
template <class F>
void TransformKernel(const float* k, float* u) {
    constexpr int A = F::A;
    float t[A][3];  // G g
    for (int j = 0; j < 3; ++j) F::G3(k[j], k[3 + j], k[6 + j], &t[0][j], 3);
    for (int i = 0; i < A; ++i) F::G3(t[i][0], t[i][1], t[i][2], u + A * i, 1);
}

template <class F>
inline void TransformInput(const float* p, int64_t rs, int64_t pl, float* out, int64_t xs) {
    constexpr int M = F::M, A = F::A;
    V t[A][A];  // (d B) by rows, then B^T by columns in place
    for (int i = 0; i < A; ++i) {
        V d[A];
        for (int j = 0; j < A; ++j) d[j] = Load(p + i * rs + (j % M) * pl + j / M);
        F::BT(d, t[i]);
    }
    for (int j = 0; j < A; ++j) {
        V c[A], r[A];
        for (int i = 0; i < A; ++i) c[i] = t[i][j];
        F::BT(c, r);
        for (int i = 0; i < A; ++i) Store(out + (A * i + j) * xs, r[i]);
    }
}

// y = A^T m A + bias for 4 adjacent tiles, written as M output rows of 4*M
// pixels, clipped to `rows` x `cols`.
template <class F>
inline void TransformOutput(const float* in, int64_t xs, V bias, float* out, int64_t ors, int rows, int cols) {
    constexpr int M = F::M, A = F::A;
    V t[M][A];  // A^T m, column by column
    for (int j = 0; j < A; ++j) {
        V c[A], o[M];
        for (int i = 0; i < A; ++i) c[i] = Load(in + (A * i + j) * xs);
        F::AT(c, o);
        for (int r = 0; r < M; ++r) t[r][j] = o[r];
    }
    for (int r = 0; r < rows; ++r) {
        V y[M];
        F::AT(t[r], y);
        for (int c = 0; c < M; ++c) y[c] = Add(y[c], bias);
        // y[c] holds column c of the 4 tiles; the row wants tile-major order.
        float row[4 * M];
        if constexpr (M == 2) {
            Store(row, ZipLo(y[0], y[1]));
            Store(row + 4, ZipHi(y[0], y[1]));
        } else {
            const V t0 = ZipLo(y[0], y[1]), t1 = ZipHi(y[0], y[1]), t2 = ZipLo(y[2], y[3]), t3 = ZipHi(y[2], y[3]);
            Store(row, Lo64(t0, t2));
            Store(row + 4, Hi64(t0, t2));
            Store(row + 8, Lo64(t1, t3));
            Store(row + 12, Hi64(t1, t3));
        }
        float* o = out + r * ors;
        if (cols >= 4 * M) {
            for (int c = 0; c < 4 * M; c += 4) Store(o + c, Load(row + c));
        } else {
            for (int c = 0; c < cols; ++c) o[c] = row[c];
        }
    }
}

// [SECTION] Driver

const float kZeros[4] = {0, 0, 0, 0};

// The transformed input and products of one band of tile rows stay in L2
// (2 MiB per core here): each of them at most this many bytes.
constexpr int64_t kBandBytes = int64_t(256) << 10;

void ReleaseLarge(Workspace& ws) {
    ws.winograd.padded.Done();
    ws.winograd.u.Done();
    ws.winograd.v.Done();
    ws.winograd.m.Done();
    ws.winograd.offsets.Done();
    ws.conv.row.Done();
}

template <class F>
bool Run(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y, Workspace& ws) {
    constexpr int M = F::M, A = F::A, XI = A * A;
    const int cin = g.cin, cout = g.cout;
    const int ty_count = (g.oh + M - 1) / M, tx_count = (g.ow + M - 1) / M;
    const int txp = (tx_count + 3) / 4 * 4;  // tiles per tile row, padded to whole vectors
    // Padded input, M column phases: tile (ty, tx) reads rows M*ty .. M*ty+A-1
    // and phase indices tx .. tx + (A-1)/M (up to txp for the last group of 4).
    const int64_t hp = int64_t(M) * ty_count + (A - M), pl = int64_t(txp) + (A - 1) / M, rs = M * pl;
    const int64_t plane = hp * rs;
    // Huge maps or channel counts: the transformed weights alone would be
    // 16/9 (F(2x2)) or 4 (F(4x4)) times the weights; leave those to the direct path.
    if (plane * cin > (int64_t(1) << 26) || int64_t(XI) * cin * cout > (int64_t(1) << 24)) return false;

    const int band =
        int(std::clamp<int64_t>(kBandBytes / (XI * int64_t(std::max(cin, cout)) * txp * 4), 1, ty_count));
    const int64_t tmax = int64_t(band) * txp;  // tiles per band
    // V[xi][ci][t] at v + xi*vs + ci*tmax + t, M[xi][co][t] at m + xi*ms + co*tmax + t.
    // The transforms touch all XI planes at once: 64 bytes beyond a whole
    // number of rows keep those streams out of one L1 set (with power-of-two
    // sizes they collided: 4x slower input transform on 128x128 16->32).
    const int64_t vs = int64_t(cin) * tmax + 16, ms = int64_t(cout) * tmax + 16;
    float* padded = ws.Get(ws.winograd.padded, size_t(plane) * cin);
    float* u = ws.Get(ws.winograd.u, size_t(XI) * cout * cin);
    float* v = ws.Get(ws.winograd.v, size_t(XI) * vs);
    float* m = ws.Get(ws.winograd.m, size_t(XI) * ms);
    int32_t* off = ws.Get(ws.winograd.offsets, size_t(cin));
    float* row_buf = PackRowBuffer(ws, M, int(pl));  // null is fine: PackPadded's slower split
    if (!padded || !u || !v || !m || !off) {  // out of memory: let the direct path try
        ReleaseLarge(ws);
        return false;
    }

    // U[xi], packed per channel block of 4 as the tiles read it: co0*cin + ci*mr + r.
    for (int co = 0; co < cout; ++co) {
        const int co0 = co / 4 * 4, mr = std::min(4, cout - co0), r = co - co0;
        for (int ci = 0; ci < cin; ++ci) {
            float t[XI];
            TransformKernel<F>(w + (int64_t(co) * cin + ci) * 9, t);
            for (int xi = 0; xi < XI; ++xi) u[(int64_t(xi) * cout + co0) * cin + int64_t(ci) * mr + r] = t[xi];
        }
    }
    for (int ci = 0; ci < cin; ++ci) off[ci] = int32_t(int64_t(ci) * tmax * int64_t(sizeof(float)));

    for (int n = 0; n < g.n; ++n) {
        PackPadded(x + int64_t(n) * cin * g.ih * g.iw, cin, g.ih, g.iw, g.pad_top, g.pad_left, M, int(hp), int(pl),
                   padded, row_buf);
        float* yn = y + int64_t(n) * cout * g.oh * g.ow;
        for (int ty0 = 0; ty0 < ty_count; ty0 += band) {
            const int ty1 = std::min(ty_count, ty0 + band);
            const int tiles = (ty1 - ty0) * txp;
            // V[xi][ci][t]
            for (int ci = 0; ci < cin; ++ci)
                for (int ty = ty0; ty < ty1; ++ty)
                    for (int tx = 0; tx < txp; tx += 4)
                        TransformInput<F>(padded + ci * plane + int64_t(M) * ty * rs + tx, rs, pl,
                                          v + int64_t(ci) * tmax + int64_t(ty - ty0) * txp + tx, vs);
            // M[xi][co][t] = sum_ci U[xi][co][ci] V[xi][ci][t]
            for (int64_t xi = 0; xi < XI; ++xi)
                for (int co0 = 0; co0 < cout; co0 += 4) {
                    const int mr = std::min(4, cout - co0);
                    const TileArgs a{off, cin, u + (xi * cout + co0) * cin, kZeros, tmax, 0, 0};
                    TileRow(kTiles[mr - 1], v + xi * vs, m + xi * ms + int64_t(co0) * tmax, a, mr, 1, tiles);
                }
            // Y = A^T M A + bias
            for (int co = 0; co < cout; ++co) {
                const V b = Splat(bias ? bias[co] : 0.0f);
                float* yc = yn + int64_t(co) * g.oh * g.ow;
                for (int ty = ty0; ty < ty1; ++ty) {
                    const int rows = std::min(M, g.oh - M * ty);
                    for (int tx = 0; tx < tx_count; tx += 4)
                        TransformOutput<F>(m + int64_t(co) * tmax + int64_t(ty - ty0) * txp + tx, ms, b,
                                           yc + int64_t(M) * ty * g.ow + M * tx, g.ow, rows, g.ow - M * tx);
                }
            }
        }
    }
    ReleaseLarge(ws);
    return true;
}

// F(4x4) or F(2x2). F(4x4)'s transforms (entries up to 8 and down to 1/24)
// lose more precision: on uniform [-1, 1] data its worst error against an
// exact sum was ~10x F(2x2)'s (which matches the direct sum), reaching the
// 1e-4 abs + 1e-4 rel tolerance of the golden and JS suites at Cin = 32 and
// exceeding it (1.3-2.2x) at Cin >= 64. So F(4x4) only up to Cin = 16 (worst
// about half that tolerance), and only where its larger tiles pay: from
// 16x16 channels and 20x20 outputs (measured: 128x128 16->32 1.45x faster
// than F(2x2), 28x28 16->16 1.17x; 14x14 maps 1.3x slower).
bool UseF43(const ConvGeometry& g) {
    return g.cin <= 16 && int64_t(g.cin) * g.cout >= 256 && int64_t(g.oh) * g.ow >= 400;
}

}  // namespace

bool Conv2dWinograd(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                    Workspace& ws) {
    if (!Applies(g)) return false;
    return UseF43(g) ? Run<F43>(g, x, w, bias, y, ws) : Run<F23>(g, x, w, bias, y, ws);
}

}  // namespace cp::fast
