// solve.h — "solve for": which padding, stride and dilation (and ceil_mode for
// a pool, output_padding for a transposed conv) give a layer the output size
// a student asks for, with its kernel and input unchanged.
//
// The search is per axis with the engine's own OutputSize and
// TransposedOutputSize; every row it returns was then applied to a copy of
// the document, sanitized and planned (PlanDoc, the engine's Plan*), and gave
// exactly the asked size with no repair. So a row never promises what the
// playground would refuse or change.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/model/doc.h"

namespace cp {

// "4", "4x3", "4X3" or "4×3" (height × width), spaces around ignored; each
// side 1 to kMaxGeometrySide (limits.h). nullopt for anything else.
std::optional<Size2> ParseTargetSize(std::string_view text);

struct SolveRow {
    Layer layer;        // the layer with this row applied: what a click puts in the doc
    std::string label;  // "s2 p1", "s2 p0 + ceil", "s1 p2 d2", "s2 p1 opad1", "s2×1 p1×0"
    Size2 out;          // the output the engine planned for it
    int cost = 0;       // smaller is simpler: strides away from the default, padding, dilation, ceil
    bool current = false;  // the layer's own configuration
};

struct SolveResult {
    std::string heading;        // "7×7 → 4×4 with k3"
    std::vector<SolveRow> rows; // simplest first, at most max_rows
    std::string none;           // why nothing was found (rows empty), with what to try instead
};

// For layer `index` of doc (which must plan: its input is the previous
// layer's output). Pools keep their kind; a conv's padding rule becomes
// explicit padding; everything else about the layer is kept.
SolveResult SolveForOutput(const Doc& doc, int index, Size2 target, size_t max_rows = 8);

}  // namespace cp
