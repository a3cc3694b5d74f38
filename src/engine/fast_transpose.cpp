// fast_transpose.cpp — ConvTranspose2dFast as an ordinary convolution.
//
// A transposed convolution is a stride-1 convolution of the input with
// (stride - 1) zeros inserted between its rows and columns, padded by
// dilation*(kernel - 1) - padding on the top/left, with the kernel flipped
// and its in/out channel axes swapped (per group). Building that input and
// that weight costs one pass over each; Conv2dFast then does the work with
// its SIMD tiles. The inserted zeros waste stride^2 of the multiply-adds, which
// still leaves this far ahead of the scalar reference; a phase-decomposed
// (sub-pixel) version would not waste them, if it is ever worth it.
//
// Check, with ky' = kh-1-ky: the conv's output oy reads zero-inserted row
// oy + ky'*dh, which holds input row iy when oy + ky'*dh - (dh*(kh-1) - pad)
// = iy*sh, i.e. oy = iy*sh - pad + ky*dh: exactly the taps of the transposed
// conv definition in kernels.h.
#include <algorithm>
#include <cstdint>

#include "fast_simd.h"
#include "kernels.h"

namespace cp {
namespace fast {
namespace {

// Beyond this many floats of zero-inserted input, use the reference instead
// (a huge stride over many channels would make the dilated copy large).
constexpr int64_t kMaxDilatedFloats = int64_t(1) << 24;

}  // namespace
}  // namespace fast

void ConvTranspose2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                         Workspace& ws) {
    using namespace fast;
    const int cin_g = g.cin / g.groups, cout_g = g.cout / g.groups;
    // The equivalent convolution reads rows [0, oh + dh*(kh-1)) of the
    // zero-inserted, padded input; input row iy sits at row iy*sh + pad_h.
    const int64_t hd = int64_t(g.oh) + int64_t(g.dh) * (g.kh - 1);
    const int64_t wd = int64_t(g.ow) + int64_t(g.dw) * (g.kw - 1);
    const int64_t pad_h = int64_t(g.dh) * (g.kh - 1) - g.pad_top;
    const int64_t pad_w = int64_t(g.dw) * (g.kw - 1) - g.pad_left;
    if (int64_t(g.n) * g.cin * hd * wd > kMaxDilatedFloats) {
        ConvTranspose2dReference(g, x, w, bias, y);
        return;
    }

    const int taps = g.kh * g.kw;
    float* xd = ws.Get(ws.transpose.dilated, size_t(g.n) * g.cin * hd * wd);
    float* wf = ws.Get(ws.transpose.flipped, size_t(g.cout) * cin_g * taps);
    if (!xd || !wf) {  // out of memory
        ConvTranspose2dReference(g, x, w, bias, y);
        ws.transpose.dilated.Done();
        ws.transpose.flipped.Done();
        return;
    }
    std::fill(xd, xd + size_t(g.n) * g.cin * hd * wd, 0.0f);
    for (int64_t plane = 0; plane < int64_t(g.n) * g.cin; ++plane) {
        const float* src = x + plane * g.ih * g.iw;
        float* dst = xd + plane * hd * wd;
        for (int iy = 0; iy < g.ih; ++iy) {
            const int64_t r = int64_t(iy) * g.sh + pad_h;
            if (r < 0 || r >= hd) continue;
            for (int ix = 0; ix < g.iw; ++ix) {
                const int64_t c = int64_t(ix) * g.sw + pad_w;
                if (c >= 0 && c < wd) dst[r * wd + c] = src[int64_t(iy) * g.iw + ix];
            }
        }
    }

    // w is (Cin, Cout/groups, KH, KW); the conv wants (Cout, Cin/groups, KH, KW), flipped.
    for (int co = 0; co < g.cout; ++co) {
        const int grp = co / cout_g, col = co % cout_g;
        for (int cil = 0; cil < cin_g; ++cil) {
            const float* s = w + (int64_t(grp * cin_g + cil) * cout_g + col) * taps;
            float* d = wf + (int64_t(co) * cin_g + cil) * taps;
            for (int t = 0; t < taps; ++t) d[t] = s[taps - 1 - t];
        }
    }

    ConvGeometry c = g;
    c.ih = int(hd), c.iw = int(wd);
    c.sh = c.sw = 1;
    c.pad_top = c.pad_left = 0;
    Conv2dFast(c, xd, wf, bias, y, ws);
    ws.transpose.dilated.Done();
    ws.transpose.flipped.Done();
}

}  // namespace cp
