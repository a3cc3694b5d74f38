// summary.h — the figure of a layer that is not drawn cell by cell: its input
// and output as two blocks with their C×H×W, and one line saying why. For a
// layer whose grids are longer than kMaxPictureSide (AlexNet's 227×227
// conv1) and for the layers the engine does not compute (a BatchNorm, a
// Linear): the shapes are exact either way, so this is not an error.
#pragma once
#include <string>

#include "scene/scene.h"
#include "state/model/doc.h"

namespace cp {

// plan.out must be ok. `why` is the caption under the blocks.
Scene SummaryScene(const LayerPlan& plan, const std::string& why);

}  // namespace cp
