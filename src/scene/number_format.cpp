// number_format.cpp — number_format.h.
#include "scene/number_format.h"

#include <cmath>
#include <cstdio>

namespace cp {

std::string FormatValue(float v) {
    char buf[32];
    if (!std::isfinite(v)) return v != v ? "NaN" : (v > 0 ? "\xE2\x88\x9E" : "\xE2\x88\x92\xE2\x88\x9E");
    if (v == std::round(v) && std::fabs(v) < 1e7f) std::snprintf(buf, sizeof buf, "%d", int(std::fabs(v)));
    else std::snprintf(buf, sizeof buf, "%.2f", double(std::fabs(v)));
    std::string s = buf;
    return (v < 0 && s != "0") ? "\xE2\x88\x92" + s : s;
}

}  // namespace cp
