// session.h — the playground's state and everything derived from it, kept
// consistent: the Doc (sanitized), its plans, the View, and the notices the
// last change raised. Every way in — the controls, the URL, the page API,
// pasted code, image mode — is a Change committed by state/commit.h's Commit
// (which calls Set* here after its lock gate), so the data flows one way:
//   event -> Doc/View (Sanitize) -> plans (engine) -> scene (per frame) -> draw.
#pragma once
#include <vector>

#include "state/model/doc.h"
#include "state/model/sanitize.h"

namespace cp {

class Session {
public:
    Session();

    const Doc& doc() const { return doc_; }
    const View& view() const { return view_; }
    const std::vector<LayerPlan>& plans() const { return plans_; }
    // The plan of the layer the figure shows.
    const LayerPlan& viewed() const { return plans_[size_t(view_.layer)]; }
    // What the last SetDoc repaired (shown to the user until dismissed).
    const std::vector<Notice>& notices() const { return notices_; }
    void DismissNotices() { notices_.clear(); }

    // Replaces the document: sanitizes it, plans every layer, keeps the view
    // in range. Returns true if anything changed.
    bool SetDoc(Doc doc);
    // The same for a document Sanitize has already made (`repairs` is what it
    // said): planned once, never sanitized again (state/commit.h's Commit).
    bool SetSanitizedDoc(Doc doc, std::vector<Notice> repairs);
    bool SetView(View view);
    // Adds notices from elsewhere (the codec's repairs) to the visible list.
    void AddNotices(const std::vector<Notice>& more);

    // Advances the step-through by dt seconds: `speed` steps a second, wrapping
    // at the end. Returns true if the view changed (the frame must be drawn).
    bool Tick(float dt);

private:
    Doc doc_;
    View view_;
    std::vector<LayerPlan> plans_;
    std::vector<Notice> notices_;
    Workspace ws_;  // the engine's scratch for computing the plans' values
};

}  // namespace cp
