// geometry.h — the sizes, windows and validity rules of sliding-window ops,
// exactly as PyTorch 1.13 computes them, plus the per-cell facts a picture of
// an op needs (which inputs a window reads, how often each input is read,
// which inputs are never read, transposed conv as a plain conv, receptive
// fields through a stack of layers).
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
//   [SECTION] RECEPTIVE     receptive field, jump and start through a stack of layers
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

// [SECTION] RECEPTIVE
// Receptive fields through a stack of convs, pools and transposed convs, along
// one axis, in an exact representation.
//
// What the numbers mean. A conv (or pool) output o reads inputs o*s - p + t*d
// (t < k): its field in the layer's input is the span [o*s - p, o*s - p +
// (k-1)*d]. A transposed conv output o receives input i through tap t when
// i*s - p + t*d = o, so its field is the span [ceil((o + p - (k-1)*d) / s),
// floor((o + p) / s)] of the layer's input, and it is EMPTY when no input
// lands on o (k < s: some outputs are bias only). Through a stack, spans are
// carried back layer by layer, in integers, with padding coordinates kept
// (negative or past the end): this is the classic unclipped receptive field,
// and like the classic formula it is a span: it ignores the holes that
// dilation, or a stride longer than its window, leave inside it. Without
// those, and away from the borders, it is exact: tests/unit/test_stack.cpp
// perturbs every input pixel of random stacks through the engine's ops and
// finds every dependency inside the span, and exactly the span where exact.
//
// A conv multiplies the distance between neighbouring outputs (the jump) by
// its stride; a transposed conv divides it. So the jump is a rational number
// (1/2 after an upsampling by 2: two outputs per input pixel), kept exactly
// as a reduced fraction. Through a transposed conv the span's *length* is no
// longer the same for every output: it repeats with a period (outputs 0, 2,
// 4 may see 8 pixels and 1, 3, 5 see 9). So a layer reports the largest and
// the smallest span over its outputs, the period, and the centre of output 0
// (a rational: output o's field is centred at centre + o*jump, exactly, in
// the continuous picture where a transposed conv's output o sits at (o + p -
// (k-1)d/2) / s in its input). For conv and pool stacks every output has the
// same span, the period is 1 and size/jump/start are the textbook numbers.

// A reduced fraction with a positive denominator (exact jumps and centres).
struct Ratio {
    int64_t num = 0, den = 1;
    static Ratio Of(int64_t num, int64_t den);  // reduces; den != 0
    bool IsInteger() const { return den == 1; }
    double Value() const { return double(num) / double(den); }
    std::string Text() const;  // "3", "-1/2"
    bool operator==(const Ratio&) const = default;
    friend bool operator==(const Ratio& r, int64_t v) { return r.den == 1 && r.num == v; }
};

// One layer of a stack along one axis. A pooling layer is a window like a conv
// one; ceil rounding only changes the sizes, not the field. A transposed conv
// has padding pad_lo (PyTorch's `padding`) and output_padding.
struct StackLayer {
    int kernel = 1, stride = 1, pad_lo = 0, pad_hi = 0, dilation = 1;
    Rounding rounding = Rounding::Floor;
    bool transposed = false;
    int output_padding = 0;  // transposed only
};

// After a layer: its sizes and the field of its outputs in stack-input pixels.
struct ReceptiveField {
    int in = 1, out = 1;   // this layer's sizes
    int64_t size = 1;      // the longest span of any output (pixels)
    int64_t size_min = 1;  // the shortest (0: some outputs see only inserted zeros); == size without transposed convs
    Ratio jump{1, 1};      // stack-input pixels between neighbouring outputs
    int64_t start = 0;     // first pixel of output 0's span (may be negative: padding)
    Ratio centre{0, 1};    // centre of output 0's field; output o's is centre + o*jump
    int64_t period = 1;    // span(o + period) = span(o) shifted by period*jump (an integer)
    bool exact = true;     // false only when the period exceeded what was enumerated (never for sane stacks)
    double Center() const { return centre.Value(); }
};
// Per layer, in order. Fails with the layer number if any layer has no output.
Result<std::vector<ReceptiveField>> ReceptiveFieldStack(int input_size, std::span<const StackLayer> layers);

// The span [lo, hi] of stack-input pixels that output o of layer `layer`
// depends on (unclipped: padding coordinates included); lo > hi when empty.
struct FieldSpan {
    int64_t lo = 0, hi = -1;
    bool Empty() const { return lo > hi; }
    int64_t Size() const { return Empty() ? 0 : hi - lo + 1; }
};
FieldSpan FieldOf(std::span<const StackLayer> layers, size_t layer, int64_t o);

}  // namespace cp
