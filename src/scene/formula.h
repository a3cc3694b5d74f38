// formula.h — each op's output-size formula along one axis, with the
// layer's numbers substituted: what the formula panel shows and what a
// student can check by hand.
#pragma once
#include <string>

#include "engine/picture.h"

namespace cp {

// e.g. "⌊(7 + 2·1 − 1·(3−1) − 1) / 2⌋ + 1 = 4" for a conv's height.
std::string AxisFormula(const LayerPicture& p, bool height);

}  // namespace cp
