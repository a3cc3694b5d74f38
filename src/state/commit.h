// commit.h — the one door: every change to the session, wherever it comes
// from (a control, a key, a click on the figure, the presets menu, pasted
// code, image mode's controls, the URL, setState, a host's postMessage),
// is a Change handed to Commit. Commit sanitizes, gates the embed's locks,
// plans (Session::SetDoc), and sets the notices the same way for all of
// them; the app then rebuilds the scene, wakes the loop and tells the page
// (src/app/app_main.cpp, app::Commit). A second path would be a second set
// of bugs: locks that leak, notices that differ.
//
// It sits above state/model (the Session) and state/formats (the codec,
// which knows what a locked key is), so both rooms stay as they are.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/model/session.h"

namespace cp {

// Who asks. The student's input (controls, keys, clicks, presets, pasted
// code, image controls) obeys lock=; the page that embeds us (the URL,
// setState, postMessage) may set anything, locked keys included (embed.h).
enum class From { Student, Host };

struct Change {
    From from = From::Student;
    std::optional<Doc> doc;    // the proposed document (Commit sanitizes it)
    // The doc is the codec's (DecodeState, ApplyState and DocOfText give it
    // sanitized, their repairs in their notices): Commit does not sanitize
    // it a second time. Only for a doc straight from the codec.
    bool doc_from_codec = false;
    std::optional<View> view;  // the proposed view
    // Raised before the commit (the codec's repairs of a link, an upload's
    // downscale): shown with the commit's own.
    std::vector<Notice> notices;
    bool dismiss_notices = false;  // the old notices were about the old configuration
    // Something the app keeps beside the session changed (a new picture):
    // a change even when the doc and the view are equal.
    bool touched = false;
};

struct CommitResult {
    bool changed = false;          // anything on screen changed (the doc, the view, the notices)
    bool refused = false;          // the lock gate refused the change: nothing but a notice changed
    std::vector<Notice> notices;   // what this commit raised: the change's, Sanitize's, the gate's
};

// Applies `change` to the session. What the app sets on the view itself
// (View::dark, View::can_fullscreen) is kept from the session whatever the
// change says. A student's change that needs a locked key is refused as a
// whole, never half applied (a solver row "s1 p2 d2" with s and p locked
// would otherwise apply d alone): the session keeps its state and shows a
// notice naming the locked keys. New question (the quiz's own draw, a new
// qseed) is the one student change that may move locked keys.
CommitResult Commit(Session& session, Change change);

// Pasted layer code (state/formats/code.h ParseLayerCode's document) as the
// codec reads it: sanitized, written as a link and read back from it, so
// pasted code opens exactly what a link to it would. Its repairs go to
// *notices.
Doc ThroughCodec(const Doc& parsed, std::vector<Notice>* notices = nullptr);

// Why a change that needs these locked keys is refused: "needs s and p,
// which the page this is embedded in locked" (a disabled control's tooltip),
// and the notice the gate raises with it.
std::string LockedWhy(const std::vector<std::string_view>& keys);
Notice LockedNotice(const std::vector<std::string_view>& keys);

}  // namespace cp
