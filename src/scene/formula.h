// formula.h — each op's output-size formula along one axis, with the
// layer's numbers substituted: what the formula panel shows and what a
// student can check by hand.
//
// AxisFormula is the one-line form (the layer panel's). WorkLayer is the
// formula panel's: the op's own general formula, then per axis the numbers
// substituted, the floor's (or ceil's) remainder and one plain sentence on
// what it means, and for padding='same' (PyTorch) or 'SAME' (TensorFlow) how
// the total padding is split. Text uses only the page font's glyphs
// (web/CMakeLists.txt, convplay_glyphs).
#pragma once
#include <string>
#include <vector>

#include "engine/picture.h"
#include "state/model/doc.h"

namespace cp {

// e.g. "⌊(7 + 2·1 − 1·(3−1) − 1) / 2⌋ + 1 = 4" for a conv's height.
std::string AxisFormula(const LayerPicture& p, bool height);

// One axis, worked out.
struct AxisWorking {
    std::string axis;     // "H", "W", or "H = W" when both axes are the same sum
    std::string formula;  // "⌊(7 + 1 + 1 − 3) / 2⌋ + 1 = 4, remainder 0"
    std::vector<std::string> notes;  // plain sentences: the span, the padding split, the remainder's meaning
};

struct LayerWorking {
    std::string op;                 // "Conv2d"
    std::string general;            // the op's formula in symbols
    std::string symbols;            // what the symbols are
    std::vector<AxisWorking> axes;  // one or two
    std::string error;              // the engine's message when the layer has no output (axes empty)
};

// `plan` is layer's plan (PlanDoc).
LayerWorking WorkLayer(const Layer& layer, const LayerPlan& plan);

}  // namespace cp
