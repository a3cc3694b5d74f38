// picture.h — everything a picture of one layer needs, for every op, from the
// same Plan* validation the compute runs: the picture can never show a
// configuration the engine refuses.
//
// Every op is drawn the same way: a window of `kernel` taps, `dilation` apart,
// that moves `stride` cells per output over a *source grid*. For a conv or a
// pool the grid is the padded input; for a transposed conv it is the input
// with stride-1 zeros inserted between neighbours, then padded (or cropped),
// over which the transposed conv is a plain stride-1 conv. Each grid cell
// knows what it holds: an input cell, a zero of the padding, a copy of an
// input cell (reflect / replicate / circular padding), an inserted zero, or
// nothing (a ceil-mode window overhanging the padding).
//
// Sizes are bounded by the caller's `max_side` before anything is allocated,
// so a hostile document costs a message, not memory.
#pragma once
#include <cstdint>
#include <vector>

#include "ops.h"
#include "tensor.h"

namespace cp {

// Ordered from inside to outside: a 2-D cell is the larger of its two axes'
// kinds (a padding row crossing an inserted-zero column is padding).
enum class CellKind : uint8_t { Input, InsertedZero, CopyPad, ZeroPad, Outside };

// One axis of the picture.
struct PictureAxis {
    int in = 1;        // the layer's input size along this axis
    int out = 1;       // its output size
    int cells = 1;     // the source grid's length
    int origin = 0;    // grid index of input 0 (a transposed conv's crop makes it negative)
    int spacing = 1;   // grid distance between neighbouring inputs: 1, or a transposed conv's stride
    int stride = 1, dilation = 1, kernel = 1;  // the window over the grid
    int pad_lo = 0, pad_hi = 0;  // grid cells before / after the inputs (a transposed conv's may be negative: crop)
    std::vector<CellKind> kind;  // per grid cell
    std::vector<int> source;     // per grid cell: the input index it holds or copies; -1 for zeros and outside
    std::vector<int> reads;      // per grid cell: how many windows read it
    int dropped_tail = 0;        // trailing input cells no window reaches: what the floor drops

    // Grid index of tap t of output o.
    int Tap(int o, int t) const { return o * stride + t * dilation; }
    int Span() const { return dilation * (kernel - 1) + 1; }
    // The grid index as an input coordinate of the op's own picture (negative in
    // the leading padding): for a transposed conv, a coordinate of the
    // zero-inserted input.
    int Coord(int g) const { return g - pad_lo; }
};

struct LayerPicture {
    OpKind op = OpKind::Conv2d;
    PictureAxis h, w;
    Shape in, out;               // N = 1
    Size2 kernel{1, 1};
    Padding4 pad;                // resolved padding as the op states it (a transposed conv's `padding`)
    PaddingMode mode = PaddingMode::Zeros;
    int groups = 1;
    bool ceil_mode = false;          // pools
    bool count_include_pad = true;   // avg pool
    int divisor_override = 0;        // avg pool
    int64_t Steps() const { return int64_t(out.h) * out.w; }
    // (A layer's multiply-adds are counted once, from its shapes: state's
    // MultiplyAddsOf, on the plan, for the work cap, the Stack tab and image mode.)
};

// The picture of one layer on input x (its N is ignored). Fails with the
// engine's message where the engine refuses the configuration, and with a
// message naming the limit when a grid would be longer than max_side cells
// (then *too_large, if given, is set: the caller may shrink the input and retry).
Result<LayerPicture> PictureConv2d(Shape x, Size2 kernel, int out_channels, const Conv2dOptions& o, int max_side,
                                   bool* too_large = nullptr);
Result<LayerPicture> PictureConvTranspose2d(Shape x, Size2 kernel, int out_channels,
                                            const ConvTranspose2dOptions& o, int max_side, bool* too_large = nullptr);
Result<LayerPicture> PictureMaxPool2d(Shape x, const MaxPool2dOptions& o, int max_side, bool* too_large = nullptr);
Result<LayerPicture> PictureAvgPool2d(Shape x, const AvgPool2dOptions& o, int max_side, bool* too_large = nullptr);


}  // namespace cp
