// codec_pairs.cpp — the first step of reading a link: its text split into
// keys (codec_read.h LinkKeys), each checked against the key table, with a
// notice for whatever is not a key, and the version it was made with.
#include <algorithm>
#include <optional>
#include <string>

#include "state/formats/codec.h"
#include "state/formats/codec_keys.h"
#include "state/formats/codec_read.h"
#include "state/formats/codec_text.h"

namespace cp::codec {

// [SECTION] Keys as read

const std::string* KeyValues::Get(Key key) const {
    for (const auto& [k, v] : given)
        if (k == key) return &v;
    return nullptr;
}

void KeyValues::Set(Key key, std::string value) {
    for (auto& [k, v] : given)
        if (k == key) {
            v = std::move(value);
            for (auto& [rk, n] : repeats)
                if (rk == key) return void(++n);
            repeats.emplace_back(key, 2);
            return;
        }
    given.emplace_back(key, std::move(value));
}

void NoteRepeats(const KeyValues& kv, const std::string& prefix, Notices& notes) {
    for (const auto& [k, n] : kv.repeats) {
        const std::string name = prefix + std::string(KeyRowOf(k).name);
        notes.Add(name + " is given " + std::to_string(n) + " times: used the last, " + name + "=" +
                  Excerpt(*kv.Get(k)) + ".");
    }
}

namespace {

// A later layer's key, "L<i>.<key>" with 0 < i < kMaxLayers; false (with a
// notice) when it is not one.
bool ReadLayerKey(const std::string& key, const std::string& value, LinkKeys& keys, Notices& notes) {
    const size_t dot = key.find('.');
    const std::string_view index = std::string_view(key).substr(1, dot - 1);
    const std::string_view name = std::string_view(key).substr(dot + 1);
    const auto found = FindKey(name);
    int i = -1;
    if (!AllDigits(index) || index.size() > 5 || ParseInt(index, i) != Parse::Ok) {
        notes.Add("'" + Excerpt(key) + "' is not a layer key (L1. to L" + std::to_string(kMaxLayers - 1) +
                  ". then a key): ignored.");
    } else if (!found || KeyRowOf(*found).scope != KeyScope::Layer) {
        notes.Add("'" + Excerpt(key) + "': " + Excerpt(name) + " is not a key of a layer: ignored.");
    } else if (i == 0) {
        notes.Add("'" + Excerpt(key) + "': the first layer's keys have no prefix (" + Excerpt(name) + "=): ignored.");
    } else if (i >= kMaxLayers) {
        notes.Add("'" + Excerpt(key) + "': a stack has at most " + std::to_string(kMaxLayers) + " layers (L1. to L" +
                  std::to_string(kMaxLayers - 1) + "): ignored.");
    } else if (value.size() > KeyRowOf(*found).max_length) {
        notes.Add(Excerpt(key) + " has a value of " + std::to_string(value.size()) + " characters: ignored.");
    } else {
        keys.later[i].Set(*found, value);
        return true;
    }
    return false;
}

}  // namespace

std::string_view CutToLength(std::string_view text, Notices& notes) {
    if (text.size() <= kMaxStateText) return text;
    // Cut at a '&' so no half pair is read.
    const size_t cut = text.substr(0, kMaxStateText + 1).rfind('&');
    const size_t kept = cut == std::string_view::npos ? 0 : cut;
    notes.Add("the link is " + std::to_string(text.size()) + " characters long: read the first " +
              std::to_string(kept) + ".");
    return text.substr(0, kept);
}

// Splits "k=v&k=v" into keys; the last value of each key wins.
LinkKeys SplitPairs(std::string_view text, Notices& notes) {
    LinkKeys keys;
    int empty_parts = 0;
    for (size_t start = 0; !text.empty();) {
        const size_t end = std::min(text.find('&', start), text.size());
        const std::string_view part = text.substr(start, end - start);
        const size_t eq = part.find('=');
        // (Assigned, not initialised from ?:, which g++ -O2 misreads as maybe uninitialised.)
        std::optional<std::string> key, value;
        if (eq != std::string_view::npos) key = Unescape(part.substr(0, eq)), value = Unescape(part.substr(eq + 1));
        const auto known = key ? FindKey(*key) : std::nullopt;
        if (part.empty()) ++empty_parts;
        else if (eq == std::string_view::npos) notes.Add("'" + Excerpt(part) + "' has no '=value': ignored.");
        else if (!key || !value) notes.Add("'" + Excerpt(part) + "' has a broken %-escape: ignored.");
        else if (key->empty()) notes.Add("'" + Excerpt(part) + "' has no key: ignored.");
        else if (key->size() > kMaxStateToken)
            notes.Add("a key of " + std::to_string(key->size()) + " characters ('" + Excerpt(*key) + "'): ignored.");
        else if (!known && key->size() > 1 && (*key)[0] == 'L' && key->find('.') != std::string::npos)
            ReadLayerKey(*key, *value, keys, notes);
        else if (!known && key->size() > 1 && (*key)[0] == 'B' && key->find('.') != std::string::npos)
            ReadBranchKey(*key, *value, keys, notes);
        else if (!known) notes.Add("unknown key '" + Excerpt(*key) + "': ignored.");
        else if (value->size() > KeyRowOf(*known).max_length)
            notes.Add(*key + " has a value of " + std::to_string(value->size()) + " characters: ignored.");
        else keys.top.Set(*known, *value);
        if (end == text.size()) break;
        start = end + 1;
    }
    if (empty_parts > 0) notes.Add("ignored " + std::to_string(empty_parts) + " empty part(s) between '&'.");
    NoteRepeats(keys.top, "", notes);
    for (const auto& [i, kv] : keys.later) NoteRepeats(kv, "L" + std::to_string(i) + ".", notes);
    for (const auto& [j, b] : keys.branches) {
        const std::string prefix = "B" + std::to_string(j) + ".";
        NoteRepeats(b.own, prefix, notes);
        for (const auto& [i, kv] : b.layers) NoteRepeats(kv, prefix + "L" + std::to_string(i) + ".", notes);
    }
    return keys;
}

void ReadVersion(const KeyValues& keys, Notices& notes) {
    const std::string* v = keys.Get(kV);
    if (!v) return;
    int version = 0;
    if (ParseInt(*v, version) != Parse::Ok || version < 1)
        notes.Add("v=" + Excerpt(*v) + " is not a format version: read as v=1.");
    else if (version > kStateFormatVersion)
        notes.Add("the link is from a newer convplay (v=" + std::to_string(version) + "): read what this version knows.");
}

}  // namespace cp::codec
