// fast_transpose.cpp — ConvTranspose2dFast, one stride phase at a time.
//
// Index
//   [SECTION] Phases  — which taps reach which output rows, as a small conv
//   [SECTION] Driver  — per phase: flip the weights, Conv2dFast, interleave
//
// A transposed convolution is a stride-1 convolution over its input with
// (stride - 1) zeros inserted between rows and columns. Run that way, all but
// 1/stride^2 of the multiply-adds read an inserted zero (a 2x upsampling
// spent 3/4 of its time on them; 3x and 4x, 8/9 and 15/16). Instead, split
// the output by phase: the rows oy = ry, ry + sh, ry + 2sh, ... receive only
// the taps ky with ky*dh = ry + pad_top (mod sh), and those read consecutive
// input rows, so the phase is an ordinary conv of the *original* input with
// a smaller kernel (about kh/sh taps per axis), stride 1 and dilation
// dh / gcd(sh, dh). Conv2dFast runs each phase with its SIMD tiles into a
// scratch plane, which is then interleaved into the output (skipped when the
// stride is 1: a single phase writes the output directly). Every useful
// multiply-add is done once and no zero is ever multiplied.
//
// The algebra, per axis (rows here; columns alike). Output oy = ry + j*sh
// takes tap ky from input row iy = (oy + pad_top - ky*dh) / sh when that is
// exact. For the phase's taps ky_t = ky_0 + t*P (P = sh / gcd(sh, dh)):
// iy = j + A - t*D with A = (ry + pad_top - ky_0*dh) / sh, D = dh / gcd.
// With u = T-1-t (the flip), iy = j - (T-1)*D + A + u*D: a conv with
// dilation D, weight u = tap ky_{T-1-u}, and top padding (T-1)*D - A. That
// padding is negative when `padding` exceeds what the kernel reaches (the
// transposed conv crops its full output): then the phase conv computes
// `skip` = -padding extra leading rows over unpadded input, and the
// interleave drops them.
#include <algorithm>
#include <cstdint>
#include <numeric>

#include "fast_simd.h"
#include "kernels.h"

namespace cp {
namespace fast {
namespace {

// [SECTION] Phases

// One axis of one output phase.
struct PhaseAxis {
    int r = 0;        // outputs r, r + stride, ...
    int outs = 0;     // how many of them
    int first = 0;    // ky_0: the first tap of the transposed kernel that reaches them
    int step = 1;     // P: taps ky_0, ky_0 + P, ...
    int taps = 0;     // T (0: no tap reaches these outputs; they are the bias)
    int dilation = 1; // D: the phase conv's dilation
    int pad = 0;      // the phase conv's leading padding (>= 0)
    int skip = 0;     // leading phase-conv outputs to drop (negative padding)
};

PhaseAxis AxisOf(int r, int out, int kernel, int stride, int pad, int dilation) {
    PhaseAxis a;
    a.r = r;
    a.outs = (out - r + stride - 1) / stride;
    const int gcd = std::gcd(stride, dilation);
    a.step = stride / gcd;
    a.dilation = dilation / gcd;
    // ky*dilation = r + pad (mod stride); ky_0 < P if it exists at all.
    const int64_t want = (int64_t(r) + pad) % stride;
    a.first = -1;
    for (int k = 0; k < std::min(kernel, a.step); ++k)
        if ((int64_t(k) * dilation) % stride == want) {
            a.first = k;
            break;
        }
    if (a.first < 0) return a;
    a.taps = (kernel - 1 - a.first) / a.step + 1;
    const int64_t A = (int64_t(r) + pad - int64_t(a.first) * dilation) / stride;  // exact
    const int64_t phase_pad = int64_t(a.taps - 1) * a.dilation - A;
    a.pad = int(std::max<int64_t>(phase_pad, 0));
    a.skip = int(std::max<int64_t>(-phase_pad, 0));
    return a;
}

// Bias (or 0) into the outputs of a phase no tap reaches.
void FillPhase(const ConvGeometry& g, const PhaseAxis& py, const PhaseAxis& px, const float* bias, float* y) {
    for (int64_t plane = 0; plane < int64_t(g.n) * g.cout; ++plane) {
        const float b = bias ? bias[plane % g.cout] : 0.0f;
        float* out = y + plane * g.oh * g.ow;
        for (int j = 0; j < py.outs; ++j) {
            float* row = out + int64_t(py.r + j * g.sh) * g.ow + px.r;
            for (int i = 0; i < px.outs; ++i) row[int64_t(i) * g.sw] = b;
        }
    }
}

// The phase conv's output (planes of rows x cols, `skip` leading rows and
// columns to drop) into its places in y.
void Interleave(const ConvGeometry& g, const PhaseAxis& py, const PhaseAxis& px, const float* src, int rows,
                int cols, float* y) {
    for (int64_t plane = 0; plane < int64_t(g.n) * g.cout; ++plane) {
        const float* in = src + plane * rows * cols + int64_t(py.skip) * cols + px.skip;
        float* out = y + plane * g.oh * g.ow + px.r;
        for (int j = 0; j < py.outs; ++j) {
            const float* s = in + int64_t(j) * cols;
            float* d = out + int64_t(py.r + j * g.sh) * g.ow;
            if (g.sw == 1) {
                int i = 0;
                for (; i + 4 <= px.outs; i += 4) Store(d + i, Load(s + i));
                for (; i < px.outs; ++i) d[i] = s[i];
            } else {
                for (int i = 0; i < px.outs; ++i) d[int64_t(i) * g.sw] = s[i];
            }
        }
    }
}

}  // namespace
}  // namespace fast

// [SECTION] Driver

void ConvTranspose2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                         Workspace& ws) {
    using namespace fast;
    const int cin_g = g.cin / g.groups, cout_g = g.cout / g.groups;
    const int64_t planes = int64_t(g.n) * g.cout;
    bool ok = true;
    for (int ry = 0; ok && ry < std::min(g.sh, g.oh); ++ry) {
        const PhaseAxis py = AxisOf(ry, g.oh, g.kh, g.sh, g.pad_top, g.dh);
        for (int rx = 0; ok && rx < std::min(g.sw, g.ow); ++rx) {
            const PhaseAxis px = AxisOf(rx, g.ow, g.kw, g.sw, g.pad_left, g.dw);
            if (py.taps == 0 || px.taps == 0) {
                FillPhase(g, py, px, bias, y);
                continue;
            }
            ConvGeometry c = g;
            c.kh = py.taps, c.kw = px.taps;
            c.sh = c.sw = 1;
            c.dh = py.dilation, c.dw = px.dilation;
            c.pad_top = py.pad, c.pad_left = px.pad;
            c.oh = py.outs + py.skip, c.ow = px.outs + px.skip;
            const int taps = c.kh * c.kw;
            float* wf = ws.Get(ws.transpose.flipped, size_t(g.cout) * cin_g * taps);
            // One phase covering the whole output (stride 1, nothing to drop) is written in place.
            const bool in_place = g.sh == 1 && g.sw == 1 && py.skip == 0 && px.skip == 0;
            float* out = in_place ? y : ws.Get(ws.transpose.phase, size_t(planes) * c.oh * c.ow);
            if (!wf || !out) {
                ok = false;
                break;
            }
            // w is (Cin, Cout/groups, KH, KW); the phase conv wants (Cout, Cin/groups, T_y, T_x), flipped.
            for (int co = 0; co < g.cout; ++co) {
                const int grp = co / cout_g, col = co % cout_g;
                for (int cil = 0; cil < cin_g; ++cil) {
                    const float* s = w + (int64_t(grp * cin_g + cil) * cout_g + col) * g.kh * g.kw;
                    float* d = wf + (int64_t(co) * cin_g + cil) * taps;
                    for (int u = 0; u < c.kh; ++u) {
                        const int ky = py.first + (py.taps - 1 - u) * py.step;
                        for (int v = 0; v < c.kw; ++v) d[u * c.kw + v] = s[ky * g.kw + px.first + (px.taps - 1 - v) * px.step];
                    }
                }
            }
            Conv2dFast(c, x, wf, bias, out, ws);
            if (!in_place) Interleave(g, py, px, out, c.oh, c.ow, y);
        }
    }
    if (!ok) ConvTranspose2dReference(g, x, w, bias, y);  // out of memory: the reference needs no scratch
    ws.transpose.phase.Done();
    ws.transpose.flipped.Done();
}

}  // namespace cp
