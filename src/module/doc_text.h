// doc_text.h — how the app and the code tools module (tools_exports.cpp)
// hand each other a document: as the codec's link text (state/formats/codec.h),
// the one format every interface uses. The two modules are builds of the
// same sources, and a link carries every layer kind and side branch, so the
// document comes back as it went (tests/unit/test_doc_text.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "state/formats/codec.h"

namespace cp {

// The document alone: no view, no embed keys.
inline std::string DocText(const Doc& doc) { return EncodeState(doc, View{}); }

// The document a text gives, sanitized, as a link opens it; `notices` gets
// what was repaired (a pasted model past a limit), as a link's would.
inline Doc DocOfText(std::string_view text, std::vector<Notice>* notices = nullptr) {
    Doc doc;
    View view;
    DecodeResult decoded = DecodeState(text, doc, view);
    if (notices) *notices = std::move(decoded.notices);
    return doc;
}

}  // namespace cp
