// decoded.h — what the codec's tests share: a link decoded into a fresh
// state with its notices, and the notices as one text to search.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "state/formats/codec.h"

namespace codec_test {

struct Decoded {
    cp::Doc doc;
    cp::View view;
    std::vector<cp::Notice> notices;
};

inline Decoded Decode(std::string_view text) {
    Decoded d;
    d.notices = cp::DecodeState(text, d.doc, d.view).notices;
    return d;
}

inline std::string AllText(const std::vector<cp::Notice>& notices) {
    std::string all;
    for (const cp::Notice& n : notices) all += "[" + n.field + "] " + n.text + "\n";
    return all;
}

inline bool Mentions(const std::vector<cp::Notice>& notices, const std::string& part) {
    return AllText(notices).find(part) != std::string::npos;
}

}  // namespace codec_test
