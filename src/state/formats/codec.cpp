// codec.cpp — codec.h: the state codec, format v1. The keys are the one
// table of codec_keys.h; their values are written and read in
// codec_values.cpp, their text forms in codec_text.cpp; side branches'
// keys (B<j>.) in codec_branches.cpp, which shares codec_read.h.
//
// [SECTION] Encode
// (Decode: pairs, a link's text split into keys, is codec_pairs.cpp)
// [SECTION] Decode: layers
// [SECTION] Decode: the state
// [SECTION] Locks
#include "state/formats/codec.h"

#include <algorithm>
#include <map>

#include "state/formats/codec_flat.h"
#include "state/formats/codec_keys.h"
#include "state/formats/codec_read.h"
#include "state/formats/codec_text.h"
#include "state/formats/embed.h"

namespace cp {
namespace codec {

// [SECTION] Encode

void EncodeLayerKey(const LayerFlat& f, Key key, const ChainIn& in, const std::string& prefix, Pairs& pairs) {
    if (!Applies(key, f.kind)) return;
    if (key == kName && IsClassName(f.name)) return;  // written as op=<name>
    const auto value = LayerValueText(f, key);
    if (!value) return;
    const bool at_default = key == kOp ? f.kind == LayerKind::Conv2d
                            : Derived(key) ? value == DerivedText(f, key, in)
                                           : *value == DefaultText(key, f.kind);
    if (!at_default) pairs.emplace_back(prefix + std::string(KeyRowOf(key).name), *value);
}

void EncodeLayerKeys(const LayerFlat& f, const ChainIn& in, const std::string& prefix, Pairs& pairs) {
    for (const KeyRow& row : kKeys)
        if (row.scope == KeyScope::Layer) EncodeLayerKey(f, row.key, in, prefix, pairs);
}

}  // namespace codec
namespace {

using namespace codec;

void EncodeLaterLayers(const Doc& doc, const std::vector<ChainIn>& ins, Pairs& pairs) {
    for (size_t i = 1; i < doc.layers.size(); ++i)
        EncodeLayerKeys(FlatOfLayer(doc.layers[i]), ins[i], "L" + std::to_string(i) + ".", pairs);
}

// [SECTION] Decode: layers

}  // namespace

// One layer from its keys: its kind first (the other keys' defaults and
// meanings depend on it), on the kind's defaults (`fresh`) or on `was`.
LayerFlat codec::ReadLayer(const KeyValues& keys, const LayerFlat& was, bool fresh, const std::string& prefix,
                    Notices& notes) {
    LayerFlat kind = was;
    if (const std::string* op = keys.Get(kOp); op && !ReadKind(*op, kind))
        notes.Add(prefix + "op=" + Excerpt(*op) +
                  " is not an op (conv, tconv, maxpool, avgpool, pad, adaptavg, adaptmax, up, flatten, linear "
                  "or a class name): using " + KindText(was) + ".");
    LayerFlat f = fresh ? DefaultLayerFlat(kind.kind) : kind.kind == was.kind ? was : Carry(was, kind.kind);
    f.name = kind.name, f.amax = kind.amax;
    if (kind.kind == LayerKind::PassThrough && kind.name != was.name && !fresh) f.args.reset(), f.np.reset();
    for (const KeyRow& row : kKeys) {  // in the table's order, whatever the link's
        const Key key = row.key;
        const std::string* given = keys.Get(key);
        if (!given || row.scope != KeyScope::Layer || key == kOp) continue;
        const std::string& value = *given;
        const std::string name = prefix + std::string(row.name);
        if (!Applies(key, f.kind)) {
            notes.Add(name + " does not apply to " + KindText(f) + ": ignored.");
            continue;
        }
        if (key == kW) {
            EditsRead read = ReadEdits(value, true);
            if (read.malformed > 0)
                notes.Add(name + ": " + std::to_string(read.malformed) + " malformed entr" +
                          (read.malformed == 1 ? "y" : "ies") + " ('" + Excerpt(read.first_bad) +
                          "'): ignored; one is [[o.]c.]y.x.value.");
            // Nothing readable keeps what was there, as any malformed value does.
            if (read.malformed == 0 || !read.edits.empty()) f.w = std::move(read.edits);
            continue;
        }
        if (const auto wrong = ParseLayerValue(f, key, value))
            notes.Add(name + "=" + Excerpt(value) + " is " + *wrong + ": using " +
                      LayerValueText(f, key).value_or("the default") + ".");
    }
    return f;
}

namespace {

// How many layers: layers= (bounded before anything is allocated), else as many as there were.
int LayerCount(const Flat& f, bool given, int had, Notices& notes) {
    int count = given ? f.layers : had;
    if (count < 1 || count > kMaxLayers) {
        const int was = count;
        count = std::clamp(count, 1, kMaxLayers);
        notes.Add("layers=" + std::to_string(was) + " is " +
                  (was < 1 ? "less than 1" : "more than " + std::to_string(kMaxLayers)) + ": using " +
                  std::to_string(count) + ".");
    }
    return count;
}

// Every layer's Flat: layer 0 from the unprefixed keys, then L<i>.
std::vector<LayerFlat> ReadLayers(const LinkKeys& keys, const Flat& top, const Doc& doc, bool fresh, int count,
                                  Notices& notes) {
    std::vector<LayerFlat> flats;
    flats.reserve(size_t(count));
    flats.push_back(top.l);
    static const KeyValues kNone;
    for (int i = 1; i < count; ++i) {
        const auto found = keys.later.find(i);
        const bool existing = !fresh && size_t(i) < doc.layers.size();
        const LayerFlat was = existing ? FlatOfLayer(doc.layers[size_t(i)]) : DefaultLayerFlat(LayerKind::Conv2d);
        flats.push_back(ReadLayer(found == keys.later.end() ? kNone : found->second, was, !existing,
                                  "L" + std::to_string(i) + ".", notes));
    }
    for (const auto& [i, kv] : keys.later)
        if (i >= count)
            for (const auto& [k, v] : kv.given)
                notes.Add("L" + std::to_string(i) + "." + std::string(KeyRowOf(k).name) + ": the link has " +
                          std::to_string(count) + " layer" + (count == 1 ? "" : "s") + " (layers=" +
                          std::to_string(count) + "): ignored.");
    return flats;
}

// The doc's, the view's and the embed's keys of the unprefixed set.
void ReadStateKeys(const KeyValues& keys, Flat& f, Notices& notes) {
    for (const KeyRow& row : kKeys) {
        const Key key = row.key;
        const std::string* given = keys.Get(key);
        if (!given || row.scope == KeyScope::Layer || row.scope == KeyScope::Branch || key == kV) continue;
        const std::string& value = *given;
        if (key == kX) {
            EditsRead read = ReadEdits(value, false);
            if (read.malformed > 0)
                notes.Add("x: " + std::to_string(read.malformed) + " malformed entr" +
                          (read.malformed == 1 ? "y" : "ies") + " ('" + Excerpt(read.first_bad) +
                          "'): ignored; one is [c.]y.x.value.");
            if (read.malformed == 0 || !read.edits.empty()) f.x = std::move(read.edits);
            continue;
        }
        if (const auto wrong = ParseValue(f, key, value))
            notes.Add(std::string(row.name) + "=" + Excerpt(value) + " is " + *wrong + ": using " +
                      ValueText(f, key).value_or("the default") + ".");
    }
}

// [SECTION] Decode: the state

// The Flat into doc and view (before Sanitize).
void Assemble(const Flat& f, const std::vector<LayerFlat>& flats, const KeyValues& keys, bool fresh, Doc& doc,
              View& view, std::vector<Notice>& notices) {
    if (fresh) {
        doc = Doc{};
        view = View{};
    }
    doc.input.h = f.in.h, doc.input.w = f.in.w, doc.input.channels = f.cin, doc.input.seed = f.seed;
    doc.input.edits = f.x;
    doc.flip_kernel = f.flip;
    doc.layers.clear();
    doc.layers.reserve(flats.size());
    for (const LayerFlat& l : flats) doc.layers.push_back(LayerOf(l));
    if (keys.Get(kLayer)) view.layer = f.layer;
    view.step = f.step, view.playing = f.play, view.speed = f.speed, view.zoom = f.zoom;
    view.heatmap = f.hm, view.theme = f.theme, view.link_hw = f.link, view.preset = f.preset;
    view.embed = f.embed;
    // autoplay starts the step-through of a freshly loaded frame.
    if (fresh && f.embed.autoplay) view.playing = true;
    if (view.HidesOutput() && (view.playing || view.step != 0)) {
        if (!(fresh && f.embed.autoplay && !f.play && f.step == 0))
            notices.push_back({"quiz", "the step-through waits until the answer is checked."});
        view.playing = false, view.step = 0;
    }
    view.mode = f.view, view.image = f.img, view.image_channel = f.och, view.image_full_range = f.full_scale;
    // A picture from the sender's disk is not in the link (it never leaves their page).
    if (view.image == SampleImage::Own && keys.Get(kImg)) {
        notices.push_back({"link", "this link was made with the sender's own picture, which links do not "
                                   "carry: showing the test card (open your own with Picture\xE2\x80\xA6)."});
        view.image = SampleImage::Card;
    }
    if (f.pin_y >= 0) view.pinned = CellRef{0, f.pin_y, f.pin_x};
    else if (view.pinned.layer == 0) view.pinned = CellRef{};  // pin=none; a pin on a later layer stays
}

// Sanitize's repairs: a screenful of them, then a count.
void AddRepairs(std::vector<Notice> repairs, std::vector<Notice>& notices) {
    constexpr size_t kMaxRepairs = 24;
    const size_t more = repairs.size() > kMaxRepairs ? repairs.size() - kMaxRepairs : 0;
    if (more) repairs.resize(kMaxRepairs);
    for (Notice& n : repairs) notices.push_back(std::move(n));
    if (more) notices.push_back({"layers", "and " + std::to_string(more) + " more repairs."});
}

// The picture of one layer, from the shapes the chain gives it (ChainInputs):
// what PlanDoc would give that layer, without planning the others.
Result<LayerPicture> PictureAt(const Doc& doc, const std::vector<ChainIn>& ins, int layer) {
    if (layer < 0 || size_t(layer) >= doc.layers.size() || size_t(layer) >= ins.size())
        return Result<LayerPicture>::Fail("not a layer");
    const ChainIn& at = ins[size_t(layer)];
    if (!at.known || at.flat) return Result<LayerPicture>::Fail("no input");
    return PictureOf(doc.layers[size_t(layer)], at.in);
}

// The view kept within the doc, saying what moved. Only the layers the view
// names are pictured (the viewed one, the pinned one): the commit plans the
// whole document once (state/commit.h), not the codec a second time.
void FitView(const Doc& doc, const std::vector<ChainIn>& ins, bool layer_given, View& view,
             std::vector<Notice>& notices) {
    const View asked = view;
    const Result<LayerPicture> viewed = PictureAt(doc, ins, ViewedLayer(view, doc.layers.size()));
    SanitizeView(view, doc.layers.size(), viewed);
    auto add = [&](std::string text) { notices.push_back({"view", std::move(text)}); };
    if (layer_given && view.layer != asked.layer)
        add("layer=" + std::to_string(asked.layer) + " is not a layer of this stack: showing layer " +
            std::to_string(view.layer) + ".");
    if (view.step != asked.step)
        add("step " + std::to_string(asked.step) + " is not a step of this layer: set to " + std::to_string(view.step) + ".");
    if (view.playing != asked.playing) add("this layer has nothing to step through: not playing.");
    if (view.image_channel != asked.image_channel)
        add("och=" + std::to_string(asked.image_channel) + " is not an output channel of this layer: showing " +
            std::to_string(view.image_channel) + ".");
    if (view.speed != asked.speed) add("speed is outside 0.25 to 20: set to " + FormatFloat(view.speed).value_or("2") + ".");
    if (view.zoom != asked.zoom) add("zoom is outside 0.25 to 8: set to " + FormatFloat(view.zoom).value_or("1") + ".");
    // A pinned cell must be a cell of its layer's output (sizes may have changed).
    if (const CellRef pin = view.pinned; pin.valid()) {
        const Result<LayerPicture> pinned = pin.layer == view.layer ? viewed : PictureAt(doc, ins, pin.layer);
        const bool planned = pinned.ok();
        const Shape out = planned ? pinned.value().out : Shape{};
        if (!planned || pin.y < 0 || pin.y >= out.h || pin.x < 0 || pin.x >= out.w) {
            add("pin " + std::to_string(pin.y) + "." + std::to_string(pin.x) + " is not a cell of " +
                (planned ? "the " + std::to_string(out.h) + "\xC3\x97" + std::to_string(out.w) + " output"
                         : std::string("an output")) +
                ": not pinned.");
            view.pinned = CellRef{};
        }
    }
}

DecodeResult Decode(std::string_view text, Doc& doc, View& view, bool fresh) {
    DecodeResult result;
    Notices notes{result.notices};
    if (!text.empty() && text[0] == '#') text.remove_prefix(1);
    const LinkKeys keys = SplitPairs(CutToLength(text, notes), notes);
    ReadVersion(keys.top, notes);

    const Flat current = fresh ? DefaultFlat(LayerKind::Conv2d) : FlatOf(doc, view);
    Flat f = current;
    f.l = ReadLayer(keys.top, current.l, fresh, "", notes);
    ReadStateKeys(keys.top, f, notes);
    const int had = fresh ? 1 : std::max<int>(1, int(doc.layers.size()));
    const int count = LayerCount(f, keys.top.Get(kLayers) != nullptr, had, notes);
    const std::vector<LayerFlat> flats = ReadLayers(keys, f, doc, fresh, count, notes);
    BranchesRead branches = ReadBranches(keys, f, keys.top.Get(kBranches) != nullptr, doc.branches, fresh, notes);
    notes.Finish();

    Assemble(f, flats, keys.top, fresh, doc, view, result.notices);
    doc.branches = std::move(branches.branches);
    AddRepairs(Sanitize(doc), result.notices);
    // One walk down the sanitized chain's shapes, as the encoder saw it: the
    // derived fields a link left out, the side branches', the view's layer.
    // (Filling derived fields changes no shape: they are what the chain gives.)
    const std::vector<ChainIn> ins = ChainInputs(doc);
    FillDerivedLayers(flats, ins, doc.layers);
    FillBranchDerived(branches.flats, ins, doc);
    FitView(doc, ins, keys.top.Get(kLayer) != nullptr, view, result.notices);
    return result;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> StateKeys(const Doc& doc, const View& view) {
    const Flat f = FlatOf(doc, view);
    const Flat base = DefaultFlat(f.l.kind);
    const std::vector<ChainIn> ins = doc.layers.empty() ? std::vector<ChainIn>(1) : ChainInputs(doc);
    Pairs pairs;
    pairs.emplace_back("v", std::to_string(kStateFormatVersion));
    for (const KeyRow& row : kKeys) {
        if (row.key == kV) continue;
        if (row.key == kLayer) EncodeLaterLayers(doc, ins, pairs);  // after layers=, the later layers' keys
        if (row.scope == KeyScope::Layer) {
            EncodeLayerKey(f.l, row.key, ins[0], "", pairs);
            continue;
        }
        if (row.scope == KeyScope::Branch) continue;  // B<j>.: after branches=
        const auto value = ValueText(f, row.key);
        if (value && value != ValueText(base, row.key)) pairs.emplace_back(std::string(row.name), *value);
    }
    EncodeBranches(doc, ins, pairs);
    return pairs;
}

std::string EncodeState(const Doc& doc, const View& view) {
    std::string text;
    for (const auto& [key, value] : StateKeys(doc, view)) {
        if (!text.empty()) text += '&';
        text += key;
        text += '=';
        text += EscapeValue(value);
    }
    return text;
}

DecodeResult DecodeState(std::string_view text, Doc& doc, View& view) { return Decode(text, doc, view, true); }

DecodeResult ApplyState(std::string_view text, Doc& doc, View& view) { return Decode(text, doc, view, false); }

// [SECTION] Locks

namespace {
// Whether a locked key's value differs between two states (a key that
// applies to one layer kind and not the other counts as changed).
bool LockedDiffers(const Flat& was, const Flat& now, Key key) {
    if (key == kOp) return KindText(was.l) != KindText(now.l) || was.l.name != now.l.name;
    const bool a = Applies(key, was.l.kind), b = Applies(key, now.l.kind);
    return a != b || (a && ValueText(was, key) != ValueText(now, key));
}
}  // namespace

bool RestoreLocked(const Doc& before, const View& before_view, Doc& doc, View& view) {
    const uint32_t lock = before_view.embed.lock;
    if (lock == 0 || doc.layers.empty() || before.layers.empty()) return false;
    const Flat was = FlatOf(before, before_view), now = FlatOf(doc, view);
    // The old op first (the other keys' meanings depend on it), then every
    // locked key that changed, with its old value.
    std::string text;
    if ((lock & LockBit("op")) && LockedDiffers(was, now, kOp)) text = "op=" + EscapeValue(KindText(was.l));
    for (const std::string_view name : kLockableKeys) {
        const Key key = *FindKey(name);
        if (key == kOp || !(lock & LockBit(name)) || !Applies(key, was.l.kind)) continue;
        const auto old_value = ValueText(was, key);
        if (!old_value || old_value == ValueText(now, key)) continue;
        if (!text.empty()) text += '&';
        text += std::string(name) + "=" + EscapeValue(*old_value);
    }
    if (text.empty()) return false;
    ApplyState(text, doc, view);
    return true;
}

std::vector<std::string_view> ChangedLockedKeys(const Doc& before, const View& before_view, const Doc& doc,
                                                const View& view) {
    std::vector<std::string_view> changed;
    const uint32_t lock = before_view.embed.lock;
    if (lock == 0 || doc.layers.empty() || before.layers.empty()) return changed;
    const Flat was = FlatOf(before, before_view), now = FlatOf(doc, view);
    for (const std::string_view name : kLockableKeys)
        if ((lock & LockBit(name)) && LockedDiffers(was, now, *FindKey(name))) changed.push_back(name);
    return changed;
}

std::string PlaygroundState(const Doc& doc, const View& view) {
    View plain = view;
    plain.embed = Embed{};
    plain.quiz_answered = false;
    return EncodeState(doc, plain);
}

}  // namespace cp
