// codec_branches.cpp — codec_read.h: a pasted block's side branches in a
// link (doc.h SideBranch). branches=N, then branch j's own keys as
// B<j>.<key> (from join gate path layers, codec_keys.h's Branch rows) and its
// layers' as B<j>.L<i>.<key>, i from 0, each exactly a main layer's key with
// the same defaults; a derived default comes from the branch's own chain,
// whose input is main layer `from`'s input. Every index is bounded before
// anything is kept (limits.h: kMaxBranches, kMaxBranchLayers).
//
// [SECTION] Encode
// [SECTION] Decode: keys
// [SECTION] Decode: branches
// [SECTION] Derived defaults
#include <algorithm>

#include "state/formats/codec_read.h"
#include "state/formats/codec_text.h"
#include "state/model/limits.h"

namespace cp::codec {
namespace {

// The input each layer of b sees: main layer from's input, then its own chain.
std::vector<ChainIn> BranchInputs(const SideBranch& b, const std::vector<ChainIn>& main_ins) {
    std::vector<ChainIn> ins(b.layers.size());
    ChainIn at = b.from >= 0 && size_t(b.from) < main_ins.size() ? main_ins[size_t(b.from)] : ChainIn{};
    for (size_t i = 0; i < b.layers.size(); ++i) {
        ins[i] = at;
        if (!at.known) continue;
        const Result<Shape> out = OutShapeOf(b.layers[i], at.in, at.flat);
        at.known = out.ok();
        if (at.known) at.in = out.value(), at.flat = FlatAfter(b.layers[i], at.flat);
    }
    return ins;
}

std::string Prefix(int j) { return "B" + std::to_string(j) + "."; }
std::string LayerPrefix(int j, int i) { return Prefix(j) + "L" + std::to_string(i) + "."; }

// A branch with no keys given: one default conv (what B<j>.layers=1 says).
SideBranch DefaultBranch() {
    SideBranch b;
    b.layers.push_back(LayerOf(DefaultLayerFlat(LayerKind::Conv2d)));
    return b;
}

}  // namespace

// [SECTION] Encode

void EncodeBranches(const Doc& doc, const std::vector<ChainIn>& main_ins, Pairs& pairs) {
    for (size_t j = 0; j < doc.branches.size(); ++j) {
        const SideBranch& b = doc.branches[j];
        const std::string prefix = Prefix(int(j));
        auto put = [&](Key key, std::string value) {
            if (value != KeyRowOf(key).def) pairs.emplace_back(prefix + std::string(KeyRowOf(key).name), value);
        };
        put(kFrom, std::to_string(b.from));
        put(kJoin, std::to_string(b.join));
        put(kGate, b.gate ? "1" : "0");
        put(kPath, b.name.empty() ? "none" : b.name);
        put(kLayers, std::to_string(b.layers.size()));
        const std::vector<ChainIn> ins = BranchInputs(b, main_ins);
        for (size_t i = 0; i < b.layers.size(); ++i)
            EncodeLayerKeys(FlatOfLayer(b.layers[i]), ins[i], LayerPrefix(int(j), int(i)), pairs);
    }
}

// [SECTION] Decode: keys

namespace {
// An index of at most 5 plain digits below `bound`; -1 if it is not one.
int ReadIndex(std::string_view digits, int bound) {
    int n = -1;
    if (!AllDigits(digits) || digits.empty() || digits.size() > 5 || ParseInt(digits, n) != Parse::Ok) return -1;
    return n < bound ? n : -1;
}
}  // namespace

bool ReadBranchKey(const std::string& key, const std::string& value, LinkKeys& keys, Notices& notes) {
    const std::string_view k = key;
    const size_t dot = k.find('.');
    const int j = ReadIndex(k.substr(1, dot - 1), kMaxBranches);
    std::string_view rest = k.substr(dot + 1);
    const std::string form = "B0. to B" + std::to_string(kMaxBranches - 1) + ". then a key or L0. to L" +
                             std::to_string(kMaxBranchLayers - 1) + ". and a layer's key";
    if (j < 0) {
        notes.Add("'" + Excerpt(key) + "' is not a side branch's key (" + form + "): ignored.");
        return false;
    }
    int i = -1;
    const size_t layer_dot = rest.find('.');
    if (layer_dot != std::string_view::npos && !rest.empty() && rest[0] == 'L') {
        i = ReadIndex(rest.substr(1, layer_dot - 1), kMaxBranchLayers);
        if (i < 0) {
            notes.Add("'" + Excerpt(key) + "' is not a side branch's key (" + form + "): ignored.");
            return false;
        }
        rest = rest.substr(layer_dot + 1);
    }
    const auto found = FindKey(rest);
    const bool fits = found && (i >= 0 ? KeyRowOf(*found).scope == KeyScope::Layer : IsBranchKey(*found));
    if (!fits) {
        notes.Add("'" + Excerpt(key) + "': " + Excerpt(rest) + " is not a key of a side branch" +
                  (i >= 0 ? "'s layer" : "") + ": ignored.");
        return false;
    }
    if (value.size() > KeyRowOf(*found).max_length) {
        notes.Add(Excerpt(key) + " has a value of " + std::to_string(value.size()) + " characters: ignored.");
        return false;
    }
    BranchKeys& b = keys.branches[j];
    (i >= 0 ? b.layers[i] : b.own).Set(*found, value);
    return true;
}

// [SECTION] Decode: branches

namespace {

// A count in [lo, hi], clamped with a notice.
int Bounded(int n, int lo, int hi, const std::string& name, Notices& notes) {
    if (n >= lo && n <= hi) return n;
    const int kept = std::clamp(n, lo, hi);
    notes.Add(name + "=" + std::to_string(n) + " is " +
              (n < lo ? "less than " + std::to_string(lo) : "more than " + std::to_string(hi)) + ": using " +
              std::to_string(kept) + ".");
    return kept;
}

// Branch j's own keys onto b; returns the number of layers it says.
int ReadOwn(const KeyValues& own, int j, SideBranch& b, Notices& notes) {
    const std::string prefix = Prefix(j);
    auto number = [&](Key key, int& out, int lo, int hi) {
        const std::string* v = own.Get(key);
        if (!v) return;
        int n = 0;
        const std::string name = prefix + std::string(KeyRowOf(key).name);
        if (ParseInt(*v, n) != Parse::Ok) notes.Add(name + "=" + Excerpt(*v) + " is not a number: using " + std::to_string(out) + ".");
        else out = Bounded(n, lo, hi, name, notes);
    };
    number(kFrom, b.from, 0, kMaxLayers - 1);
    number(kJoin, b.join, 0, kMaxLayers - 1);
    if (const std::string* v = own.Get(kGate)) {
        if (*v == "0" || *v == "1") b.gate = *v == "1";
        else notes.Add(prefix + "gate=" + Excerpt(*v) + " is not 0 or 1: using " + (b.gate ? "1." : "0."));
    }
    if (const std::string* v = own.Get(kPath)) {
        const bool printable = std::all_of(v->begin(), v->end(), [](char c) { return c >= 0x20 && c < 0x7F; });
        if (!printable || v->size() > kMaxLayerName)
            notes.Add(prefix + "path=" + Excerpt(*v) + " is not a module path (up to " + std::to_string(kMaxLayerName) +
                      " printable characters): ignored.");
        else b.name = *v == "none" ? std::string() : *v;
    }
    int count = int(b.layers.size());
    number(kLayers, count, 0, kMaxBranchLayers);
    return count;
}

}  // namespace

BranchesRead ReadBranches(const LinkKeys& keys, const Flat& f, bool count_given, const std::vector<SideBranch>& was,
                          bool fresh, Notices& notes) {
    const int had = fresh ? 0 : int(std::min(was.size(), size_t(kMaxBranches)));
    const int count = count_given ? Bounded(f.branches, 0, kMaxBranches, "branches", notes) : had;
    BranchesRead read;
    read.branches.reserve(size_t(count));
    read.flats.reserve(size_t(count));
    static const BranchKeys kNone;
    for (int j = 0; j < count; ++j) {
        const auto found = keys.branches.find(j);
        const BranchKeys& given = found == keys.branches.end() ? kNone : found->second;
        const bool existing = j < had;
        SideBranch b = existing ? was[size_t(j)] : DefaultBranch();
        if (b.layers.size() > size_t(kMaxBranchLayers)) b.layers.resize(size_t(kMaxBranchLayers));
        const int layers = ReadOwn(given.own, j, b, notes);
        std::vector<LayerFlat> flats;
        flats.reserve(size_t(layers));
        for (int i = 0; i < layers; ++i) {
            const auto kv = given.layers.find(i);
            static const KeyValues kNoKeys;
            const bool kept = size_t(i) < b.layers.size();
            const LayerFlat base = kept ? FlatOfLayer(b.layers[size_t(i)]) : DefaultLayerFlat(LayerKind::Conv2d);
            flats.push_back(ReadLayer(kv == given.layers.end() ? kNoKeys : kv->second, base, !kept, LayerPrefix(j, i), notes));
        }
        for (const auto& [i, kv] : given.layers)
            if (i >= layers)
                notes.Add(LayerPrefix(j, i) + "*: side branch " + std::to_string(j) + " has " + std::to_string(layers) +
                          " layer" + (layers == 1 ? "" : "s") + ": ignored.");
        b.layers.clear();
        for (const LayerFlat& l : flats) b.layers.push_back(LayerOf(l));
        read.branches.push_back(std::move(b));
        read.flats.push_back(std::move(flats));
    }
    for (const auto& [j, b] : keys.branches)
        if (j >= count)
            notes.Add(Prefix(j) + "*: the link has " + std::to_string(count) + " side branch" + (count == 1 ? "" : "es") +
                      " (branches=" + std::to_string(count) + "): ignored.");
    return read;
}

// [SECTION] Derived defaults

void FillBranchDerived(const std::vector<std::vector<LayerFlat>>& flats, const std::vector<ChainIn>& main_ins,
                       Doc& doc) {
    for (size_t j = 0; j < flats.size() && j < doc.branches.size(); ++j) {
        SideBranch& b = doc.branches[j];
        FillDerivedLayers(flats[j], BranchInputs(b, main_ins), b.layers);
    }
}

}  // namespace cp::codec
