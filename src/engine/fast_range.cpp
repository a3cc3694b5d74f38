// fast_range.cpp — FiniteRangeOf (ops.h): a map's finite range in one pass,
// four lanes at a time. v + (v - v) is v when v is finite and NaN otherwise
// (inf - inf and NaN - NaN are NaN), and pmin/pmax keep their accumulator
// when the new lane is NaN, so non-finite values drop out without a branch.
#include <limits>

#include "engine/fast_simd.h"
#include "engine/ops.h"

namespace cp {

FiniteRange FiniteRangeOf(std::span<const float> xs) {
    using namespace fast;
    constexpr float kInf = std::numeric_limits<float>::infinity();
    V lo4 = Splat(kInf), hi4 = Splat(-kInf);
    const float* p = xs.data();
    const size_t n = xs.size(), n4 = n & ~size_t(3);
    for (size_t i = 0; i < n4; i += 4) {
        const V v = Load(p + i);
        const V f = Add(v, Sub(v, v));
        lo4 = PMin(lo4, f), hi4 = PMax(hi4, f);
    }
    float lanes_lo[4], lanes_hi[4];
    Store(lanes_lo, lo4), Store(lanes_hi, hi4);
    float lo = kInf, hi = -kInf;
    for (int k = 0; k < 4; ++k) {
        lo = lanes_lo[k] < lo ? lanes_lo[k] : lo;
        hi = lanes_hi[k] > hi ? lanes_hi[k] : hi;
    }
    for (size_t i = n4; i < n; ++i) {
        const float f = p[i] + (p[i] - p[i]);
        lo = f < lo ? f : lo;
        hi = f > hi ? f : hi;
    }
    if (lo > hi) return {};  // nothing finite
    return {lo, hi};
}

}  // namespace cp
