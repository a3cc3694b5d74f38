// geometry.h — the sizes, windows and validity rules of sliding-window ops,
// exactly as PyTorch 1.13 computes them, plus the per-cell facts a picture of
// an op needs (which inputs a window reads, how often each input is read,
// which inputs are never read, transposed conv as a plain conv). Receptive
// fields through a stack of layers are in receptive.h.
//
// Everything here is integer arithmetic on sizes, never on tensor data, so the
// UI can call it every frame. Arithmetic is done in int64 and every result is
// checked against int and kMaxTensorElements, so hostile sizes (from a URL)
// give a message, never an overflow or an unbounded allocation.
//
// Index
//   [SECTION] AXIS          one spatial axis of a sliding window, output sizes
//   [SECTION] PADDING       'same' (PyTorch and TensorFlow), 'valid', padding modes
//   [SECTION] PLANS         fully validated 2-D geometry that ops.cpp hands to the kernels
//   [SECTION] PICTURE       windows, coverage, unread inputs, transposed-as-conv
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kernels.h"
#include "ops.h"
#include "tensor.h"

namespace cp {

// [SECTION] AXIS
// a / b rounded toward minus infinity (b > 0): where a window starts when
// padding puts it before the input.
inline int64_t FloorDiv(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

// How the output size of a pooling window is rounded. Convolutions always floor.
enum class Rounding { Floor, Ceil };

// One spatial axis of a convolution or pooling window. Input coordinate of tap
// t of output o is o*stride - pad_lo + t*dilation; taps outside [0, in) read
// padding. pad_hi only matters for how many outputs fit.
struct Axis {
    int in = 1, kernel = 1, stride = 1, pad_lo = 0, pad_hi = 0, dilation = 1;

    // The span one window covers, dilation included: d*(k-1)+1.
    int64_t EffectiveKernel() const { return int64_t(dilation) * (kernel - 1) + 1; }
    int64_t PaddedIn() const { return int64_t(in) + pad_lo + pad_hi; }
    // Input coordinate of the first tap of output `o` (negative inside the top/left padding).
    int64_t FirstTap(int o) const { return int64_t(o) * stride - pad_lo; }
    bool operator==(const Axis&) const = default;
};

// The number of outputs along one axis, or why there are none. `name` ("height",
// "width") goes into messages. Floor: PyTorch's conv formula. Ceil: PyTorch's
// pooling rule, where the last window must still start inside the input or the
// left padding (a window starting in the right padding is dropped).
Result<int> OutputSize(const Axis& a, Rounding rounding = Rounding::Floor, const char* name = "");

// One axis of a transposed convolution, with PyTorch's argument names.
struct TransposedAxis {
    int in = 1, kernel = 1, stride = 1, padding = 0, output_padding = 0, dilation = 1;
    bool operator==(const TransposedAxis&) const = default;
};

// (in-1)*s - 2p + d*(k-1) + output_padding + 1, after PyTorch's checks
// (positive stride/dilation/kernel, non-negative padding, output_padding
// smaller than stride or dilation, a positive result).
Result<int> TransposedOutputSize(const TransposedAxis& a, const char* name = "");

// [SECTION] PADDING

struct AxisPadding {
    int lo = 0, hi = 0;
    bool operator==(const AxisPadding&) const = default;
};

// PyTorch's padding='same' (stride must be 1): total d*(k-1), the odd one at hi.
Result<AxisPadding> SamePadding(int in, int kernel, int stride, int dilation, const char* name = "");
// TensorFlow's 'SAME': out = ceil(in/stride); total = max((out-1)*s + d*(k-1)+1 - in, 0),
// lo = floor(total/2). Any stride.
Result<AxisPadding> SamePaddingTF(int in, int kernel, int stride, int dilation, const char* name = "");

// The padding a conv applies to its input, resolved from the rule (explicit,
// same, valid, same_tf). Validates stride/dilation/kernel first so the rule can trust them.
Result<Padding4> ResolveConvPadding(Shape x, Shape w, const Conv2dOptions& o);

// Whether padding mode `mode` can pad an input of `in` by lo/hi (reflect needs
// each side < in, circular <= in, as PyTorch's F.pad). Empty string when it can.
std::string PaddingModeProblem(PaddingMode mode, int in, AxisPadding pad, const char* name);

// Where padded coordinate i (in [-lo, in + hi)) reads from in an input of
// `in` cells under `mode` (reflect mirrors without repeating the edge,
// replicate repeats it, circular wraps); -1 for zeros padding.
int PaddingSource(PaddingMode mode, int64_t i, int in);

const char* ToString(PaddingMode mode);
const char* ToString(PaddingRule rule);

// [SECTION] PLANS
// A plan is everything ops.cpp needs after validation: the kernel geometry and,
// for the picture, one Axis per spatial dimension.

struct Conv2dPlan {
    Axis h, w;             // on the original (unpadded) input
    Padding4 pad;          // resolved padding on the original input
    PaddingMode mode = PaddingMode::Zeros;
    // The geometry the kernel runs. For zeros padding it reads x directly; for
    // other modes ih/iw are the materialised padded input's and its pad is 0.
    ConvGeometry kernel;
    Shape out;
};
// max_elements: the most elements any tensor of the plan may have. The
// default is what the engine allocates; a caller that only wants shapes
// (state/model: geometry of real networks) passes kMaxGeometryElements.
Result<Conv2dPlan> PlanConv2d(Shape x, Shape w, int64_t bias_len, const Conv2dOptions& o,
                              int64_t max_elements = kMaxTensorElements);

struct ConvTranspose2dPlan {
    TransposedAxis h, w;
    ConvGeometry kernel;
    Shape out;
};
Result<ConvTranspose2dPlan> PlanConvTranspose2d(Shape x, Shape w, int64_t bias_len, const ConvTranspose2dOptions& o,
                                                int64_t max_elements = kMaxTensorElements);

struct Pool2dPlan {
    Axis h, w;  // symmetric padding; with ceil_mode the last window may overhang pad_hi
    PoolGeometry kernel;
    Shape out;
};
Result<Pool2dPlan> PlanMaxPool2d(Shape x, const MaxPool2dOptions& o, int64_t max_elements = kMaxTensorElements);
Result<Pool2dPlan> PlanAvgPool2d(Shape x, const AvgPool2dOptions& o, int64_t max_elements = kMaxTensorElements);

// The largest tensor a plan for shapes alone may describe: far past anything
// allocated, only so that every product of a count with a kernel or a
// channel count is checked before it could overflow 64 bits.
inline constexpr int64_t kMaxGeometryElements = int64_t(1) << 62;

// The message for a shape no op accepts (a dimension < 1, or too many elements);
// empty when fine. `what` names the tensor ("input", "weight").
std::string ShapeProblem(Shape s, const char* what, int64_t max_elements = kMaxTensorElements);

// [SECTION] PICTURE
// A 2-D window is the product of two 1-D windows, so everything is per axis:
// output (oy, ox) reads input (y, x) iff oy's window on h holds y and ox's on w holds x.

// The taps of output `o` along one axis: input coordinates first, first+step, ...
// (count of them). Coordinates outside [0, in) are padding.
struct AxisWindow {
    int64_t first = 0;
    int step = 1, count = 1;
    int64_t Tap(int t) const { return first + int64_t(t) * step; }
    bool operator==(const AxisWindow&) const = default;
};
AxisWindow WindowOf(const Axis& a, int o);
inline bool IsPadding(const Axis& a, int64_t coord) { return coord < 0 || coord >= a.in; }

// A transposed conv is a stride-1 conv, with the same dilation and the kernel
// flipped, over the input with stride-1 zeros inserted between neighbours and
// d*(k-1)-p zeros added before (and that plus output_padding after). When p
// exceeds d*(k-1) that padding is negative: the zero-inserted input is cropped.
struct TransposedAsConv {
    int zeros_between = 0;       // stride - 1
    int pad_lo = 0, pad_hi = 0;  // may be negative: crop
    int upsampled = 1;           // (in-1)*stride + 1, zeros inserted
    int padded = 1;              // upsampled + pad_lo + pad_hi: the equivalent conv's input
    std::vector<int> placed;     // original input i lands at padded index placed[i] (may be outside if cropped)
    Axis conv;                   // the equivalent conv over the padded input: stride 1, no padding
    int out = 1;
};
Result<TransposedAsConv> TransposedAsConvOf(const TransposedAxis& a, const char* name = "");

}  // namespace cp
