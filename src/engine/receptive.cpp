// receptive.cpp — receptive.h.
#include "receptive.h"

#include <algorithm>
#include <utility>

#include "message_text.h"

namespace cp {

using message::Cat;

namespace {

int64_t Gcd(int64_t a, int64_t b) {
    a = a < 0 ? -a : a, b = b < 0 ? -b : b;
    while (b != 0) a = std::exchange(b, a % b);
    return a;
}
int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

Ratio Mul(Ratio a, Ratio b) {
    // Cross-reduce first: the factors stay small (strides of at most a few).
    const int64_t g1 = Gcd(a.num, b.den), g2 = Gcd(b.num, a.den);
    return Ratio::Of((a.num / (g1 ? g1 : 1)) * (b.num / (g2 ? g2 : 1)), (a.den / (g2 ? g2 : 1)) * (b.den / (g1 ? g1 : 1)));
}
Ratio Add(Ratio a, Ratio b) {
    const int64_t g = Gcd(a.den, b.den);
    return Ratio::Of(a.num * (b.den / g) + b.num * (a.den / g), a.den / g * b.den);
}
int64_t Lcm(int64_t a, int64_t b) { return a / Gcd(a, b) * b; }

// Far beyond any picture, far below int64 overflow in the products here.
constexpr int64_t kFieldLimit = int64_t(1) << 30;
// Outputs whose spans are enumerated to find the longest and shortest.
constexpr int64_t kMaxPhases = int64_t(1) << 12;

}  // namespace

Ratio Ratio::Of(int64_t num, int64_t den) {
    if (den < 0) num = -num, den = -den;
    const int64_t g = Gcd(num, den);
    return g > 1 ? Ratio{num / g, den / g} : Ratio{num, den};
}

std::string Ratio::Text() const { return den == 1 ? std::to_string(num) : Cat(num, '/', den); }

FieldSpan FieldOf(std::span<const StackLayer> layers, size_t layer, int64_t o) {
    FieldSpan f{o, o};
    for (size_t i = layer + 1; i-- > 0;) {
        const StackLayer& l = layers[i];
        const int64_t reach = int64_t(l.dilation) * (l.kernel - 1);
        if (l.transposed) {
            f = {CeilDiv(f.lo + l.pad_lo - reach, l.stride), FloorDiv(f.hi + l.pad_lo, l.stride)};
            if (f.Empty()) return f;  // only inserted zeros: nothing below reaches it
        } else {
            f = {f.lo * l.stride - l.pad_lo, f.hi * l.stride - l.pad_lo + reach};
        }
    }
    return f;
}

Result<std::vector<ReceptiveField>> ReceptiveFieldStack(int input_size, std::span<const StackLayer> layers) {
    using R = Result<std::vector<ReceptiveField>>;
    std::vector<ReceptiveField> fields;
    std::vector<Ratio> jumps{Ratio{1, 1}};  // jumps[l]: before layer l (jumps[0]: the stack input)
    // The distinct values among jumps[0..i]: a real stack has a handful (1,
    // 2, 4, ... 32), and each layer's period depends only on which values
    // occur, so it is found over these, not over every layer below (which
    // made a 200-layer stack quadratic).
    std::vector<Ratio> distinct{Ratio{1, 1}};
    Ratio centre{0, 1};
    // While no layer so far is transposed, FieldOf(layers, i, o) is affine in
    // o: {o·scale + lo, o·scale + hi}, the same integers FieldOf's walk down
    // the layers gives, kept up to date in O(1) a layer (FieldOf per layer
    // made a 200-layer stack quadratic). A transposed layer's floor and
    // ceiling end it: from there FieldOf walks.
    bool affine = true;
    int64_t scale = 1, affine_lo = 0, affine_hi = 0;
    int in = input_size;
    for (size_t i = 0; i < layers.size(); ++i) {
        const StackLayer& l = layers[i];
        Result<int> out = Result<int>::Fail("");
        if (l.transposed) {
            out = TransposedOutputSize({in, l.kernel, l.stride, l.pad_lo, l.output_padding, l.dilation});
        } else {
            out = OutputSize({in, l.kernel, l.stride, l.pad_lo, l.pad_hi, l.dilation}, l.rounding);
        }
        if (!out.ok()) return R::Fail(Cat("layer ", static_cast<long long>(i + 1), ": ", out.error()));
        const Ratio before = jumps.back();
        const int64_t reach = int64_t(l.dilation) * (l.kernel - 1);
        // Centre of output 0 in this layer's input: (k-1)d/2 - p for a window,
        // (p - (k-1)d/2) / s for a transposed conv; then into stack pixels.
        const Ratio local = l.transposed ? Ratio::Of(2 * int64_t(l.pad_lo) - reach, 2 * int64_t(l.stride))
                                         : Ratio::Of(reach - 2 * int64_t(l.pad_lo), 2);
        centre = Add(centre, Mul(local, before));
        const Ratio jump = l.transposed ? Mul(before, Ratio{1, l.stride}) : Mul(before, Ratio{l.stride, 1});
        jumps.push_back(jump);
        if (l.transposed) {
            affine = false;
        } else if (affine) {
            affine_lo -= scale * l.pad_lo;
            affine_hi += scale * (reach - l.pad_lo);
            scale *= l.stride;
        }
        if (std::find(distinct.begin(), distinct.end(), before) == distinct.end()) distinct.push_back(before);
        if (jump.num > kFieldLimit || jump.den > kFieldLimit || centre.num > kFieldLimit ||
            centre.num < -kFieldLimit || centre.den > kFieldLimit)
            return R::Fail(Cat("layer ", static_cast<long long>(i + 1),
                               ": the receptive field grows beyond 2^30 pixels; use fewer or smaller layers."));
        // The period: the fewest outputs whose shift is a whole number of
        // positions in every layer below (jump / jump_m an integer for each m).
        int64_t period = 1;
        for (const Ratio& below : distinct) {  // every jumps[m], m <= i
            const Ratio r = Mul(jump, Ratio::Of(below.den, below.num));
            if (r.num > kFieldLimit || r.den > kFieldLimit)  // keeps FieldOf's products far from overflow
                return R::Fail(Cat("layer ", static_cast<long long>(i + 1),
                                   ": the receptive field grows beyond 2^30 pixels; use fewer or smaller layers."));
            period = std::min(Lcm(period, r.den), kFieldLimit);
        }
        ReceptiveField f;
        f.in = in, f.out = out.value(), f.jump = jump, f.centre = centre, f.period = period;
        const int64_t phases = std::min({period, int64_t(f.out), kMaxPhases});
        f.exact = phases == period || phases == f.out;
        f.size = 0, f.size_min = INT64_MAX;
        for (int64_t o = 0; o < phases; ++o) {
            const FieldSpan s = affine ? FieldSpan{o * scale + affine_lo, o * scale + affine_hi} : FieldOf(layers, i, o);
            if (o == 0) f.start = s.lo;
            f.size = std::max(f.size, s.Size());
            f.size_min = std::min(f.size_min, s.Size());
        }
        if (f.size > kFieldLimit || f.start < -kFieldLimit || f.start > kFieldLimit)
            return R::Fail(Cat("layer ", static_cast<long long>(i + 1),
                               ": the receptive field grows beyond 2^30 pixels; use fewer or smaller layers."));
        fields.push_back(f);
        in = out.value();
    }
    return fields;
}

}  // namespace cp
