// kernels.h — the compute kernels behind the ops, on fully resolved geometry.
//
// Each op has a plain scalar *Reference (the definition, obviously correct)
// and a *Fast version (WebAssembly SIMD when compiled with -msimd128; on other
// targets it may simply call the reference). Tests hold Fast to Reference, and
// Reference to PyTorch's golden data. Callers (ops.cpp) validate first: kernels
// assume a valid configuration and never allocate unboundedly.
//
// Layouts: x is NCHW, y is N x Cout x OH x OW, conv weights are OIHW
// (Cout, Cin/groups, KH, KW), transposed-conv weights are (Cin, Cout/groups, KH, KW).
// Padding here is always zeros: taps that fall outside the input read 0. Other
// padding modes are materialised by ops.cpp before calling a kernel.
//
// The fast convolutions take the caller's Workspace for their scratch (packed
// inputs and weights, Winograd transforms); pooling needs none.
#pragma once

#include "workspace.h"

namespace cp {

struct ConvGeometry {
    int n = 1, cin = 1, ih = 1, iw = 1;   // input
    int cout = 1, kh = 1, kw = 1;         // weights
    int sh = 1, sw = 1;                   // stride
    int dh = 1, dw = 1;                   // dilation
    int pad_top = 0, pad_left = 0;        // the bottom/right padding is implied by oh/ow
    int oh = 1, ow = 1;                   // output
    int groups = 1;
};

// y[n][co][oy][ox] = bias[co] + sum over ci in co's group, ky, kx of
//   w[co][ci][ky][kx] * x[n][g*cin/groups + ci][oy*sh - pad_top + ky*dh][ox*sw - pad_left + kx*dw]
void Conv2dReference(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y);
void Conv2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y, Workspace& ws);

// Transposed convolution: the gradient of Conv2d with respect to its input.
// Here ih/iw/cin describe the transposed conv's *input*, oh/ow/cout its output,
// pad_top/pad_left the `padding` argument (cropped from the full output).
void ConvTranspose2dReference(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y);
void ConvTranspose2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                         Workspace& ws);

struct PoolGeometry {
    int n = 1, c = 1, ih = 1, iw = 1;
    int kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
    int pad_h = 0, pad_w = 0;  // symmetric, as in PyTorch
    int oh = 1, ow = 1;
    // avg pool only
    bool count_include_pad = true;
    int divisor_override = 0;  // 0: none
};

void MaxPool2dReference(const PoolGeometry& g, const float* x, float* y);
void MaxPool2dFast(const PoolGeometry& g, const float* x, float* y);
void AvgPool2dReference(const PoolGeometry& g, const float* x, float* y);
void AvgPool2dFast(const PoolGeometry& g, const float* x, float* y);

}  // namespace cp
