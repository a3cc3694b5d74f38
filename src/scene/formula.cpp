// formula.cpp — formula.h.
#include "scene/formula.h"

#include <string>

namespace cp {
namespace {

const char* const kTimes = "\xC2\xB7";   // ·
const char* const kMinus = "\xE2\x88\x92";  // −
std::string N(int v) { return v < 0 ? kMinus + std::to_string(-v) : std::to_string(v); }

}  // namespace

std::string AxisFormula(const LayerPicture& p, bool height) {
    const PictureAxis& a = height ? p.h : p.w;
    const std::string span = N(a.dilation) + kTimes + "(" + N(a.kernel) + kMinus + "1)";
    if (p.op == OpKind::ConvTranspose2d) {
        // (in − 1)·s − 2·p + d·(k − 1) + output_padding + 1
        const int pad = height ? p.pad.top : p.pad.left;
        const int opad = a.out - ((a.in - 1) * a.spacing - 2 * pad + a.dilation * (a.kernel - 1) + 1);
        return "(" + N(a.in) + kMinus + "1)" + kTimes + N(a.spacing) + " " + kMinus + " 2" + kTimes + N(pad) + " + " +
               span + " + " + N(opad) + " + 1 = " + N(a.out);
    }
    // Conv and pools: the padded input, less the window's span, over the stride.
    const std::string padding = a.pad_lo == a.pad_hi ? "2" + std::string(kTimes) + N(a.pad_lo)
                                                      : N(a.pad_lo) + " + " + N(a.pad_hi);
    const std::string inner = "(" + N(a.in) + " + " + padding + " " + kMinus + " " + span + " " + kMinus + " 1) / " +
                              N(a.stride);
    if (!p.ceil_mode) return "\xE2\x8C\x8A" + inner + "\xE2\x8C\x8B + 1 = " + N(a.out);
    // ceil_mode: rounded up, less one where the last window would start in the right padding.
    const int numerator = a.in + a.pad_lo + a.pad_hi - a.dilation * (a.kernel - 1) - 1;
    const int ceiled = (numerator + a.stride - 1) / a.stride + 1;
    return "\xE2\x8C\x88" + inner + "\xE2\x8C\x89 + 1" + (ceiled != a.out ? " " + std::string(kMinus) + " 1" : "") +
           " = " + N(a.out);
}

}  // namespace cp
