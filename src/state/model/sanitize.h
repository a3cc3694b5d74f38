// sanitize.h — makes any Doc one the playground can draw, and says what it
// changed. Every way a document arrives (the controls, a URL, the page API)
// goes through here, so the limits of limits.h hold in one place.
#pragma once
#include <string>
#include <vector>

#include "state/model/doc.h"

namespace cp {

// One repair: what was changed, in words a student can act on.
struct Notice {
    std::string field;  // e.g. "input", "layer 1 stride"
    std::string text;   // e.g. "stride 40 is more than 8: set to 8."
    bool operator==(const Notice&) const = default;
};

// Clamps every field into its geometry range (limits.h: GEOMETRY, overflow
// only), replaces out-of-range enum values by their defaults, keeps
// 1..kMaxLayers layers, and drops edited values that name no cell. Never
// changes a value for a drawing or work reason: a layer too large to draw
// is a summary, values past the cap are not computed (LimitNotices). A
// configuration the engine refuses (stride 2 with padding='same', say) is
// *not* repaired: it is a value the figure explains. Returns the repairs, in
// order; a sanitized Doc sanitizes with none.
std::vector<Notice> Sanitize(Doc& doc);

// The limits that bind on a planned document, once each, in words: today
// only the work cap ("values are not computed past 2^25 multiply-adds; the
// shapes are exact"). From the plans' shapes and costs, no second plan.
std::vector<Notice> LimitNotices(const std::vector<LayerPlan>& plans);

// The View counterpart: keeps the layer, step, speed and zoom in range for
// `doc`'s plans (steps of the viewed layer).
void SanitizeView(View& view, const std::vector<LayerPlan>& plans);
// The same without a plan of the whole document (a link's view, read before
// the commit plans it): a document of `layers` layers, and `viewed`, the
// picture of the layer the view shows once in range (ViewedLayer).
int ViewedLayer(const View& view, size_t layers);
void SanitizeView(View& view, size_t layers, const Result<LayerPicture>& viewed);

// How many times Sanitize has run in this process: tests hold a change to
// one sanitizing (tests/unit/test_commit.cpp), as PlanDocRuns to one plan.
uint64_t SanitizeRuns();

}  // namespace cp
