// fuzz_codec.cpp — libFuzzer target for the state codec (codec.h): any bytes
// decode without a crash to a state Sanitize leaves alone (edits bounded, a
// pin inside its output, only known presets), every notice is short and
// printable, and encode -> decode is the identity on what came out.
// Built by the fuzz preset (clang, ASan + UBSan); scripts/fuzz runs it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "state/formats/codec.h"
#include "state/model/limits.h"
#include "state/formats/presets.h"
#include "state/analysis/stack.h"
#include "state/model/sanitize.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_codec: %s\n%s\n", what, detail.c_str());
    std::abort();
}

void CheckNotices(const cp::DecodeResult& r, const std::string& text) {
    if (r.notices.size() > 64) Fail("too many notices", text);
    for (const cp::Notice& n : r.notices) {
        if (n.text.size() > 200) Fail("a notice is too long", n.text);
        for (const char c : n.text)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) Fail("a notice holds a control character", n.text);
    }
}

void CheckState(const cp::Doc& doc, const cp::View& view, const std::string& text) {
    if (doc.layers.empty() || doc.layers.size() > size_t(cp::kMaxLayers)) Fail("layer count", text);
    // Geometry's only bounds (limits.h): what arithmetic can hold, for a layer and a stack alike.
    if (doc.input.h < 1 || doc.input.h > cp::kMaxGeometrySide || doc.input.w < 1 || doc.input.w > cp::kMaxGeometrySide ||
        doc.input.channels < 1 || doc.input.channels > cp::kMaxGeometryChannels)
        Fail("input outside limits.h", text);
    cp::Doc again = doc;
    if (!cp::Sanitize(again).empty() || !(again == doc)) Fail("decoded doc is not a fixed point of Sanitize", text);
    const std::vector<cp::LayerPlan> plans = cp::PlanDoc(doc);
    cp::View view_again = view;
    cp::SanitizeView(view_again, plans);
    if (!(view_again == view)) Fail("decoded view is not a fixed point of SanitizeView", text);
    // The fields added to v1: bounded edits, a pin inside its layer's output, a known preset.
    if (doc.input.edits.size() > size_t(cp::kMaxValueEdits)) Fail("too many input edits", text);
    for (const cp::Layer& layer : doc.layers)
        if (layer.weight_edits.size() > size_t(cp::kMaxValueEdits)) Fail("too many weight edits", text);
    // Side branches (B<j>. keys): bounded before anything was kept.
    if (doc.branches.size() > size_t(cp::kMaxBranches)) Fail("branch count", text);
    for (const cp::SideBranch& b : doc.branches) {
        if (b.layers.size() > size_t(cp::kMaxBranchLayers)) Fail("branch layer count", text);
        if (b.from < 0 || b.from >= cp::kMaxLayers || b.join < 0 || b.join >= cp::kMaxLayers) Fail("branch indices", text);
        for (const cp::Layer& layer : b.layers)
            if (layer.weight_edits.size() > size_t(cp::kMaxValueEdits)) Fail("too many branch weight edits", text);
    }
    if (const cp::CellRef pin = view.pinned; pin.valid()) {
        if (size_t(pin.layer) >= plans.size() || !plans[size_t(pin.layer)].picture.ok()) Fail("pin on no output", text);
        const cp::Shape out = plans[size_t(pin.layer)].picture.value().out;
        if (pin.y < 0 || pin.y >= out.h || pin.x < 0 || pin.x >= out.w) Fail("pin outside its output", text);
    }
    if (!view.preset.empty() && !cp::FindPreset(view.preset)) Fail("unknown preset kept", text);
    // The stack's table: one row per layer, the chain stopping at most once.
    const cp::StackSummary s = cp::SummarizeStack(doc, plans);
    if (s.rows.size() != doc.layers.size()) Fail("stack rows", text);
    if (s.branches.size() != doc.branches.size()) Fail("stack branches", text);
    for (const cp::StackRow& row : s.rows)
        if (row.ok && row.index > s.stopped_at && s.stopped_at >= 0) Fail("a layer after the stop has an output", text);
    if (cp::StackJson(s).empty()) Fail("stack json", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);

    cp::Doc doc;
    cp::View view;
    const cp::DecodeResult r = cp::DecodeState(text, doc, view);
    CheckNotices(r, text);
    CheckState(doc, view, text);

    const std::string encoded = cp::EncodeState(doc, view);
    if (encoded.rfind("v=1", 0) != 0) Fail("encoding does not start with v=1", encoded);
    cp::Doc doc2;
    cp::View view2;
    const cp::DecodeResult r2 = cp::DecodeState(encoded, doc2, view2);
    if (!r2.notices.empty()) Fail("re-decoding produced notices", encoded + "\n" + r2.notices[0].text);
    if (!(doc2 == doc) || !(view2 == view)) Fail("encode -> decode is not the identity", text + "\n" + encoded);
    if (cp::EncodeState(doc2, view2) != encoded) Fail("encoding is not stable", encoded);

    // The same bytes as a partial state on top of what was decoded.
    const cp::DecodeResult r3 = cp::ApplyState(text, doc2, view2);
    CheckNotices(r3, text);
    CheckState(doc2, view2, text);
    return 0;
}
