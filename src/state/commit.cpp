// commit.cpp — commit.h.
#include "state/commit.h"

#include <utility>

#include "state/formats/codec.h"

namespace cp {

std::string LockedWhy(const std::vector<std::string_view>& keys) {
    std::string names;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (i) names += i + 1 == keys.size() ? " and " : ", ";
        names += keys[i];
    }
    return "needs " + names + ", which the page this is embedded in locked";
}

Notice LockedNotice(const std::vector<std::string_view>& keys) {
    return {"lock", "not applied: it " + LockedWhy(keys) + "."};
}

CommitResult Commit(Session& session, Change change) {
    CommitResult result;
    const Doc& before = session.doc();
    const View& before_view = session.view();
    const bool doc_given = change.doc.has_value();
    Doc doc = doc_given ? std::move(*change.doc) : before;
    View view = change.view ? std::move(*change.view) : before_view;
    // The app's own view fields: the theme it resolved, the page's abilities.
    view.dark = before_view.dark;
    view.can_fullscreen = before_view.can_fullscreen;

    // Sanitized once, here (or by the codec that read it), before the lock
    // gate, so a repair cannot move a locked key either; the session plans it once.
    std::vector<Notice> repaired;
    if (doc_given && !change.doc_from_codec) repaired = Sanitize(doc);
    const bool new_question = view.embed.quiz_seed != before_view.embed.quiz_seed;
    if (change.from == From::Student && before_view.embed.lock != 0 && !new_question) {
        const std::vector<std::string_view> locked = ChangedLockedKeys(before, before_view, doc, view);
        if (!locked.empty()) {
            result.refused = result.changed = true;
            result.notices = {LockedNotice(locked)};
            session.AddNotices(result.notices);
            return result;
        }
    }

    // Another configuration is another quiz question.
    const bool doc_changed = !(doc == before);
    if (doc_changed) view.quiz_answered = false, view.quiz_wrong = 0;
    if (change.dismiss_notices && !session.notices().empty()) {
        session.DismissNotices();
        result.changed = true;
    }
    // (The doc's repairs and limits replace the notices: only for a doc, so a
    // view edit leaves what the last doc change said.)
    if (doc_given) {
        result.changed |= session.SetSanitizedDoc(std::move(doc), std::move(repaired));
        result.notices = session.notices();
        session.DismissNotices();
    }
    result.changed |= session.SetView(std::move(view));
    result.notices.insert(result.notices.end(), change.notices.begin(), change.notices.end());
    if (!result.notices.empty()) {
        session.AddNotices(result.notices);
        result.changed = true;
    }
    result.changed |= change.touched;
    return result;
}

Doc ThroughCodec(const Doc& parsed, std::vector<Notice>* notices) {
    Doc sanitized = parsed;
    std::vector<Notice> repaired = Sanitize(sanitized);
    Doc doc;
    View scratch;
    const DecodeResult decoded = DecodeState(EncodeState(sanitized, View{}), doc, scratch);
    repaired.insert(repaired.end(), decoded.notices.begin(), decoded.notices.end());
    if (notices) *notices = std::move(repaired);
    return doc;
}

}  // namespace cp
