// receptive.h — receptive fields, jumps and starts through a stack of convs,
// pools and transposed convs, per axis, in exact integers and fractions
// (the Stack tab and the chain read them; geometry.h has the single layer).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "geometry.h"

namespace cp {

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
