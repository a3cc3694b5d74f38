// codec_read.h — what codec.cpp and codec_branches.cpp share (internal to
// codec*.cpp): a link's keys as read, the codec's notices, and one layer's
// keys written and read (the main chain's layers and a side branch's are the
// same keys under another prefix).
//
// [SECTION] Keys as read
// [SECTION] One layer
// [SECTION] Side branches (codec_branches.cpp)
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "state/formats/codec_flat.h"
#include "state/model/sanitize.h"

namespace cp::codec {

// [SECTION] Keys as read

using Pairs = std::vector<std::pair<std::string, std::string>>;

// What a link says: the last value of each key given, and how often it was given.
struct KeyValues {
    std::vector<std::pair<Key, std::string>> given;
    std::vector<std::pair<Key, int>> repeats;
    const std::string* Get(Key key) const;
    void Set(Key key, std::string value);
};

// Side branch j's keys: its own (B<j>.from) and its layers' (B<j>.L<i>.k).
struct BranchKeys {
    KeyValues own;
    std::map<int, KeyValues> layers;
};

struct LinkKeys {
    KeyValues top;                      // unprefixed: the doc's, the view's and layer 0's
    std::map<int, KeyValues> later;     // L<i>.: only the layers a key names
    std::map<int, BranchKeys> branches;  // B<j>.: only the branches a key names
};

// Collects the codec's notices, at most a screenful.
struct Notices {
    std::vector<Notice>& out;
    int dropped = 0;
    static constexpr size_t kMax = 12;
    void Add(std::string text) {
        if (out.size() < kMax) out.push_back({"link", std::move(text)});
        else ++dropped;
    }
    void Finish() {
        if (dropped > 0) out.push_back({"link", "and " + std::to_string(dropped) + " more problems in the link."});
    }
};

// The notices for repeated keys under `prefix`.
void NoteRepeats(const KeyValues& kv, const std::string& prefix, Notices& notes);

// Reading a link's text (codec_pairs.cpp): at most kMaxStateText of it, cut
// at a '&'; its "k=v&k=v" pairs as keys (the last value of each wins); the
// version it names.
std::string_view CutToLength(std::string_view text, Notices& notes);
LinkKeys SplitPairs(std::string_view text, Notices& notes);
void ReadVersion(const KeyValues& keys, Notices& notes);

// [SECTION] One layer

// One layer key, unless at its default (the table's, or what the chain gives).
void EncodeLayerKey(const LayerFlat& f, Key key, const ChainIn& in, const std::string& prefix, Pairs& pairs);
// Every layer key of f under `prefix`.
void EncodeLayerKeys(const LayerFlat& f, const ChainIn& in, const std::string& prefix, Pairs& pairs);
// One layer from its keys: its kind first, on the kind's defaults (`fresh`) or on `was`.
LayerFlat ReadLayer(const KeyValues& keys, const LayerFlat& was, bool fresh, const std::string& prefix,
                    Notices& notes);

// [SECTION] Side branches (codec_branches.cpp)

// B<j>.<key> and B<j>.L<i>.<key> after branches=, in j then i order.
void EncodeBranches(const Doc& doc, const std::vector<ChainIn>& main_ins, Pairs& pairs);
// A key "B<j>.<key>" or "B<j>.L<i>.<key>" (bounded: j < kMaxBranches, i <
// kMaxBranchLayers) into keys; false, with a notice, when it is not one.
bool ReadBranchKey(const std::string& key, const std::string& value, LinkKeys& keys, Notices& notes);
// The branches a link gives: `count` (branches=, bounded here) on `was`
// (ApplyState) or on nothing (fresh). flats[j] are branch j's layers' Flats.
struct BranchesRead {
    std::vector<SideBranch> branches;
    std::vector<std::vector<LayerFlat>> flats;
};
BranchesRead ReadBranches(const LinkKeys& keys, const Flat& f, bool count_given, const std::vector<SideBranch>& was,
                          bool fresh, Notices& notes);
// Each branch layer's derived fields a link left out, from the sanitized
// chain's inputs (main_ins: ChainInputs(doc)).
void FillBranchDerived(const std::vector<std::vector<LayerFlat>>& flats, const std::vector<ChainIn>& main_ins,
                       Doc& doc);

}  // namespace cp::codec
