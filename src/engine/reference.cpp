// reference.cpp — the plain definitions of the kernels in kernels.h.
//
// These are the yardstick for the fast kernels and are held to PyTorch's
// golden data, so they favour the obvious over the quick: one output at a
// time, a gather over its window, and a double accumulator so their own
// rounding is far below any tolerance a test uses.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels.h"

namespace cp {
namespace {

// Index of element (a, b, c, d) in a dense tensor of dims (*, B, C, D).
inline int64_t At(int64_t a, int64_t b, int64_t c, int64_t d, int64_t B, int64_t C, int64_t D) {
    return ((a * B + b) * C + c) * D + d;
}

}  // namespace

void Conv2dReference(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
    const int cin_g = g.cin / g.groups, cout_g = g.cout / g.groups;
    for (int n = 0; n < g.n; ++n) {
        for (int co = 0; co < g.cout; ++co) {
            const int group = co / cout_g;
            for (int oy = 0; oy < g.oh; ++oy) {
                for (int ox = 0; ox < g.ow; ++ox) {
                    double sum = bias ? bias[co] : 0.0;
                    for (int ci = 0; ci < cin_g; ++ci) {
                        const int c = group * cin_g + ci;
                        for (int ky = 0; ky < g.kh; ++ky) {
                            const int64_t iy = int64_t(oy) * g.sh - g.pad_top + int64_t(ky) * g.dh;
                            if (iy < 0 || iy >= g.ih) continue;  // zero padding
                            for (int kx = 0; kx < g.kw; ++kx) {
                                const int64_t ix = int64_t(ox) * g.sw - g.pad_left + int64_t(kx) * g.dw;
                                if (ix < 0 || ix >= g.iw) continue;
                                sum += double(w[At(co, ci, ky, kx, cin_g, g.kh, g.kw)]) *
                                       double(x[At(n, c, iy, ix, g.cin, g.ih, g.iw)]);
                            }
                        }
                    }
                    y[At(n, co, oy, ox, g.cout, g.oh, g.ow)] = float(sum);
                }
            }
        }
    }
}

// Input (iy, ix) scatters to output iy*s - pad + ky*d. Gathering instead: an
// output row oy receives tap ky from input row (oy + pad - ky*d)/s whenever that
// division is exact and lands inside the input.
void ConvTranspose2dReference(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
    const int cin_g = g.cin / g.groups, cout_g = g.cout / g.groups;
    for (int n = 0; n < g.n; ++n) {
        for (int co = 0; co < g.cout; ++co) {
            const int group = co / cout_g, co_local = co % cout_g;
            for (int oy = 0; oy < g.oh; ++oy) {
                for (int ox = 0; ox < g.ow; ++ox) {
                    double sum = bias ? bias[co] : 0.0;
                    for (int ky = 0; ky < g.kh; ++ky) {
                        const int64_t ty = int64_t(oy) + g.pad_top - int64_t(ky) * g.dh;
                        if (ty < 0 || ty % g.sh != 0 || ty / g.sh >= g.ih) continue;
                        const int64_t iy = ty / g.sh;
                        for (int kx = 0; kx < g.kw; ++kx) {
                            const int64_t tx = int64_t(ox) + g.pad_left - int64_t(kx) * g.dw;
                            if (tx < 0 || tx % g.sw != 0 || tx / g.sw >= g.iw) continue;
                            const int64_t ix = tx / g.sw;
                            for (int ci = 0; ci < cin_g; ++ci) {
                                const int c = group * cin_g + ci;
                                sum += double(w[At(c, co_local, ky, kx, cout_g, g.kh, g.kw)]) *
                                       double(x[At(n, c, iy, ix, g.cin, g.ih, g.iw)]);
                            }
                        }
                    }
                    y[At(n, co, oy, ox, g.cout, g.oh, g.ow)] = float(sum);
                }
            }
        }
    }
}

// Padding taps never win (they count as -inf), and a NaN anywhere in the window
// wins, as in PyTorch. A window that holds only padding (possible with ceil_mode
// and dilation) yields -inf.
void MaxPool2dReference(const PoolGeometry& g, const float* x, float* y) {
    for (int64_t plane = 0; plane < int64_t(g.n) * g.c; ++plane) {
        const float* in = x + plane * g.ih * g.iw;
        float* out = y + plane * g.oh * g.ow;
        for (int oy = 0; oy < g.oh; ++oy) {
            for (int ox = 0; ox < g.ow; ++ox) {
                float best = -std::numeric_limits<float>::infinity();
                for (int ky = 0; ky < g.kh; ++ky) {
                    const int64_t iy = int64_t(oy) * g.sh - g.pad_h + int64_t(ky) * g.dh;
                    if (iy < 0 || iy >= g.ih) continue;
                    for (int kx = 0; kx < g.kw; ++kx) {
                        const int64_t ix = int64_t(ox) * g.sw - g.pad_w + int64_t(kx) * g.dw;
                        if (ix < 0 || ix >= g.iw) continue;
                        const float v = in[iy * g.iw + ix];
                        if (v > best || std::isnan(v)) best = v;
                        if (std::isnan(best)) break;
                    }
                }
                out[int64_t(oy) * g.ow + ox] = best;
            }
        }
    }
}

// PyTorch's divisor: the window clipped to the padded input (in + pad on each
// side; with ceil_mode the last window can reach past it) when padding counts,
// else the window clipped to the input itself; divisor_override beats both.
void AvgPool2dReference(const PoolGeometry& g, const float* x, float* y) {
    for (int64_t plane = 0; plane < int64_t(g.n) * g.c; ++plane) {
        const float* in = x + plane * g.ih * g.iw;
        float* out = y + plane * g.oh * g.ow;
        for (int oy = 0; oy < g.oh; ++oy) {
            const int64_t y0 = int64_t(oy) * g.sh - g.pad_h;
            const int64_t y1 = std::min<int64_t>(y0 + g.kh, int64_t(g.ih) + g.pad_h);
            const int64_t cy0 = std::max<int64_t>(y0, 0), cy1 = std::min<int64_t>(y1, g.ih);
            for (int ox = 0; ox < g.ow; ++ox) {
                const int64_t x0 = int64_t(ox) * g.sw - g.pad_w;
                const int64_t x1 = std::min<int64_t>(x0 + g.kw, int64_t(g.iw) + g.pad_w);
                const int64_t cx0 = std::max<int64_t>(x0, 0), cx1 = std::min<int64_t>(x1, g.iw);
                double sum = 0.0;
                for (int64_t iy = cy0; iy < cy1; ++iy)
                    for (int64_t ix = cx0; ix < cx1; ++ix) sum += in[iy * g.iw + ix];
                int64_t divisor;
                if (g.divisor_override != 0) divisor = g.divisor_override;
                else if (g.count_include_pad) divisor = (y1 - y0) * (x1 - x0);
                else divisor = (cy1 - cy0) * (cx1 - cx0);
                // An empty window (never produced by a validated geometry) averages to 0.
                out[int64_t(oy) * g.ow + ox] = (cy0 >= cy1 || cx0 >= cx1 || divisor == 0) ? 0.0f
                                                                                          : float(sum / double(divisor));
            }
        }
    }
}

}  // namespace cp
