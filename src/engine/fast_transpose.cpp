// fast_transpose.cpp — ConvTranspose2dFast. No SIMD path yet: it is the
// reference. Kept in its own file so that linking Conv2dFast or the pools
// does not pull in anything else.
#include "kernels.h"

namespace cp {

void ConvTranspose2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
    ConvTranspose2dReference(g, x, w, bias, y);
}

}  // namespace cp
