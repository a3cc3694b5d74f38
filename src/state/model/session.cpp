// session.cpp — session.h.
#include "state/model/session.h"

#include <cmath>

namespace cp {

Session::Session() : doc_(DefaultDoc()) {
    Sanitize(doc_);
    plans_ = PlanDoc(doc_, nullptr, &ws_);
    SanitizeView(view_, plans_);
}

bool Session::SetDoc(Doc doc) {
    std::vector<Notice> repairs = Sanitize(doc);
    return SetSanitizedDoc(std::move(doc), std::move(repairs));
}

bool Session::SetSanitizedDoc(Doc doc, std::vector<Notice> repairs) {
    notices_ = std::move(repairs);
    const bool same = doc == doc_;
    if (!same) {
        doc_ = std::move(doc);
        plans_ = PlanDoc(doc_, nullptr, &ws_);
        SanitizeView(view_, plans_);
    }
    const std::vector<Notice> limits = LimitNotices(plans_);
    notices_.insert(notices_.end(), limits.begin(), limits.end());
    return !same || !notices_.empty();
}

bool Session::SetView(View view) {
    SanitizeView(view, plans_);
    if (view == view_) return false;
    view_ = view;
    return true;
}

void Session::AddNotices(const std::vector<Notice>& more) { notices_.insert(notices_.end(), more.begin(), more.end()); }

bool Session::Tick(float dt) {
    if (!view_.playing) return false;
    const LayerPlan& plan = viewed();
    if (!plan.picture.ok() || plan.picture.value().Steps() < 1) {
        view_.playing = false;
        return true;
    }
    const int64_t steps = plan.picture.value().Steps();
    const float period = 1.0f / view_.speed;
    view_.clock += std::isfinite(dt) && dt > 0 ? dt : 0.0f;
    if (view_.clock < period) return true;  // still playing: keep drawing
    const int64_t advance = int64_t(view_.clock / period);
    view_.clock -= float(advance) * period;
    view_.step = int((view_.step + advance) % steps);
    return true;
}

}  // namespace cp
