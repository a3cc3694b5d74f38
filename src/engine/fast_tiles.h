// fast_tiles.h — the register-tiled multiply-add kernel shared by the fast
// convolutions (fast_conv.cpp defines it; fast_winograd.cpp reuses it for its
// transformed-domain products). Private to src/engine/fast_*.cpp (and their tests).
//
// A tile computes out[m][r][px] = b[m] + sum_k wp[k][m] * in[off[k] + r*irs + px]
// for MR channels m, R rows r and 4*NV pixels px: a GEMM whose B operand is
// read through per-k byte offsets, so the caller decides what "k" and
// "pixel" mean.
#pragma once
#include <cstdint>

#include "kernels.h"

namespace cp::fast {

// What every tile of one call shares.
struct TileArgs {
    const int32_t* off;  // per k: byte offset from the tile's input base
    int K;
    const float* wp;     // packed weights, K x MR: wp[k*MR + m]
    const float* b;      // MR biases
    int64_t ocs;         // floats from one output channel to the next
    int64_t irs;         // bytes from one output row's input base to the next (R > 1)
    int64_t ors;         // floats from one output row to the next (R > 1)
};

using TileFn = void (*)(const float* in, float* out, const TileArgs& a, int count);

// [MR-1] for one row, [4] for MR = 1 over two rows; then 16, 8 and 4 pixels
// wide; null where the tile would not fit the registers. See fast_conv.cpp.
extern TileFn kTiles[5][3];

// Pixels [0, ow) of `rows` rows (1 or 2; 2 only with tiles = kTiles[4]) for
// mr channels: widest tiles first, the last 4-wide tile overlapping backwards,
// a scalar loop only when ow < 4.
void TileRow(const TileFn* tiles, const float* in, float* out, const TileArgs& a, int mr, int rows, int ow);

// `channels` planes of x (ih x iw each), zero-padded and split by column
// phase: dst row r, phase q, index j holds x[r - pad_top][j*sw + q - pad_left]
// (0 outside x); rows x (sw * phase_len) floats per plane. row_buf: sw *
// phase_len floats for the faster stride-2 and stride-4 split, or null
// (then those strides take the general per-phase copy; same result).
void PackPadded(const float* x, int channels, int ih, int iw, int pad_top, int pad_left, int sw, int rows,
                int phase_len, float* dst, float* row_buf);

// The row buffer PackPadded wants for stride sw, from ws.conv.row (null when
// sw is neither 2 nor 4, or memory is short).
float* PackRowBuffer(Workspace& ws, int sw, int phase_len);

// 3x3, stride 1, dilation 1, groups 1 convolutions with enough channels for
// Winograd F(2x2, 3x3) to pay: computes y and returns true; otherwise false.
bool Conv2dWinograd(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                    Workspace& ws);

}  // namespace cp::fast
