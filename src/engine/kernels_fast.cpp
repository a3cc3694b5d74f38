// kernels_fast.cpp — the fast kernels. Placeholder: every Fast calls its
// Reference until the SIMD paths land.
#include "kernels.h"

namespace cp {

void Conv2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
    Conv2dReference(g, x, w, bias, y);
}
void ConvTranspose2dFast(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y) {
    ConvTranspose2dReference(g, x, w, bias, y);
}
void MaxPool2dFast(const PoolGeometry& g, const float* x, float* y) { MaxPool2dReference(g, x, y); }
void AvgPool2dFast(const PoolGeometry& g, const float* x, float* y) { AvgPool2dReference(g, x, y); }

}  // namespace cp
