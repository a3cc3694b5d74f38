// test_presets.cpp — state/formats/presets.h: every preset is a link that decodes
// cleanly and re-encodes to itself, its title states the sizes the engine
// plans, each transposed preset maps its forward one's output back to its
// input, and the misconception captions' claims hold in the picture.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "state/formats/codec.h"
#include "state/formats/presets.h"

namespace cp_test {
std::string GlyphsOutsideFont(const std::string& s);  // test_formula.cpp
}

namespace {

using namespace cp;

struct Decoded {
    Doc doc;
    View view;
    std::vector<Notice> notices;
};

Decoded Load(const Preset& p) {
    Decoded d;
    d.notices = DecodeState(PresetLink(p), d.doc, d.view).notices;
    return d;
}

const Preset& Get(std::string_view id) {
    const Preset* p = FindPreset(id);
    REQUIRE_MESSAGE(p, std::string(id));
    return *p;
}

// The sizes a title states: the first "a×b" or "c×a×b" group is the input,
// the first one after "→" the output. Empty when there is none.
std::vector<int> SizeGroup(const std::string& text, size_t from) {
    const std::string times = "\xC3\x97";
    for (size_t i = from; i < text.size(); ++i) {
        if (!(text[i] >= '0' && text[i] <= '9') || (i > from && text[i - 1] >= '0' && text[i - 1] <= '9')) continue;
        std::vector<int> group;
        size_t j = i;
        while (true) {
            size_t end = j;
            while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
            group.push_back(std::stoi(text.substr(j, end - j)));
            if (text.compare(end, times.size(), times) != 0 || end + 2 >= text.size() || !(text[end + 2] >= '0' && text[end + 2] <= '9'))
                break;
            j = end + times.size();
        }
        if (group.size() >= 2) return group;
    }
    return {};
}

struct Stated {
    int c = 0, h = 0, w = 0;  // c = 0: not stated
};

Stated FromGroup(const std::vector<int>& g) {
    if (g.size() == 3) return {g[0], g[1], g[2]};
    if (g.size() == 2) return {0, g[0], g[1]};
    return {-1, -1, -1};
}

}  // namespace

TEST_CASE("presets: ids are unique, URL-safe, and the codec knows each one") {
    std::set<std::string_view> ids;
    for (const Preset& p : Presets()) {
        INFO(p.id);
        CHECK(ids.insert(p.id).second);
        CHECK(!p.id.empty());
        CHECK(p.id.size() <= 40);
        CHECK(std::all_of(p.id.begin(), p.id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }));
        CHECK(FindPreset(p.id) == &p);
        Doc doc;
        View view;
        CHECK(DecodeState("preset=" + std::string(p.id), doc, view).notices.empty());
        CHECK(view.preset == p.id);
    }
    CHECK(FindPreset("nope") == nullptr);
    CHECK(Presets().size() >= 20);
}

TEST_CASE("presets: every fragment decodes with no notice and is its own canonical link") {
    for (const Preset& p : Presets()) {
        INFO(p.id << ": " << p.fragment);
        const Decoded d = Load(p);
        CHECK_MESSAGE(d.notices.empty(), (d.notices.empty() ? "" : d.notices[0].text));
        CHECK(d.view.preset == p.id);
        CHECK(EncodeState(d.doc, d.view) == PresetLink(p));
        // The figure opens on a layer it can draw (a stack's first may be too large).
        CHECK(PlanDoc(d.doc)[size_t(d.view.layer)].picture.ok());
    }
}

TEST_CASE("presets: titles state the sizes the engine plans; captions are one line; glyphs are the font's") {
    const std::string arrow = "\xE2\x86\x92";
    for (const Preset& p : Presets()) {
        const std::string title(p.title), caption(p.caption);
        INFO(p.id << ": " << title);
        const size_t at = title.find(arrow);
        REQUIRE(at != std::string::npos);
        const Decoded d = Load(p);
        const std::vector<LayerPlan> plans = PlanDoc(d.doc);
        const Stated in = FromGroup(SizeGroup(title, 0)), out = FromGroup(SizeGroup(title, at));
        REQUIRE(in.h > 0);
        if (plans.size() > 1 && !plans.back().out.ok()) {
            // A stack that stops: the title names the layer where it does.
            size_t stop = 0;
            while (plans[stop].out.ok()) ++stop;
            CHECK(title.find("layer " + std::to_string(stop + 1)) != std::string::npos);
            continue;
        }
        REQUIRE(out.h > 0);
        // One layer: its picture; a stack: the input and the last map.
        const LayerPlan& plan = plans.size() > 1 ? plans.back() : plans[0];
        REQUIRE(plan.out.ok());
        if (plans.size() == 1) REQUIRE(plan.picture.ok());
        const Shape pin = plans[0].in, pout = plan.out.value();
        CHECK(pin.h == in.h);
        CHECK(pin.w == in.w);
        CHECK(pout.h == out.h);
        CHECK(pout.w == out.w);
        if (in.c > 0) CHECK(pin.c == in.c);
        if (out.c > 0) CHECK(pout.c == out.c);
        CHECK(caption.find('\n') == std::string::npos);
        CHECK(!caption.empty());
        CHECK(caption.size() <= 110);
        CHECK(cp_test::GlyphsOutsideFont(title).empty());
        CHECK(cp_test::GlyphsOutsideFont(caption).empty());
        CHECK(cp_test::GlyphsOutsideFont(std::string(p.group)).empty());
    }
}

TEST_CASE("presets: the guide's cases, each with its transposed counterpart mapping the output back") {
    const char* guide[] = {"no-padding-unit-strides", "arbitrary-padding", "half-padding", "full-padding",
                           "no-padding-strides", "padding-strides", "padding-strides-odd"};
    for (const char* id : guide) {
        INFO(id);
        const Decoded forward = Load(Get(id));
        const Decoded back = Load(Get("t-" + std::string(id)));
        const LayerPlan f = PlanDoc(forward.doc)[0], b = PlanDoc(back.doc)[0];
        REQUIRE(f.picture.ok());
        REQUIRE(b.picture.ok());
        CHECK(forward.doc.layers[0].op() == OpKind::Conv2d);
        CHECK(back.doc.layers[0].op() == OpKind::ConvTranspose2d);
        // Same kernel, stride and padding: the transposed conv of that conv ...
        CHECK(KernelOf(back.doc.layers[0]) == KernelOf(forward.doc.layers[0]));
        CHECK(StrideOf(back.doc.layers[0]) == StrideOf(forward.doc.layers[0]));
        CHECK(PaddingOf(back.doc.layers[0]) == PaddingOf(forward.doc.layers[0]));
        // ... maps its output size back to its input size.
        CHECK(b.picture.value().in.h == f.picture.value().out.h);
        CHECK(b.picture.value().out.h == f.picture.value().in.h);
        CHECK(b.picture.value().out.w == f.picture.value().in.w);
    }
    const Decoded dilated = Load(Get("dilation"));
    CHECK(DilationOf(dilated.doc.layers[0]) == Size2{2, 2});
}

TEST_CASE("presets: the misconceptions' captions hold in the picture") {
    {   // "same padding keeps the size" holds at stride 1 only
        Decoded d = Load(Get("same-is-not-same"));
        CHECK(PlanDoc(d.doc)[0].picture.value().out.h == 4);
        SetStride(d.doc.layers[0], {1, 1});
        CHECK(PlanDoc(d.doc)[0].picture.value().out.h == 7);
    }
    {   // border pixels: corner read once, centre nine times; heatmap on
        const Decoded d = Load(Get("border-reads"));
        CHECK(d.view.heatmap);
        const LayerPicture pic = PlanDoc(d.doc)[0].picture.value();
        CHECK(pic.h.reads[0] * pic.w.reads[0] == 1);
        CHECK(pic.h.reads[3] * pic.w.reads[3] == 9);
    }
    {   // a stride skips 3 pixels in 4; the max pool on the same input reads every one
        const Decoded s = Load(Get("stride-skips")), m = Load(Get("pool-reads-all"));
        CHECK(s.doc.input == m.doc.input);
        const LayerPicture sp = PlanDoc(s.doc)[0].picture.value(), mp = PlanDoc(m.doc)[0].picture.value();
        CHECK(sp.out == mp.out);
        int unread = 0;
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) unread += sp.h.reads[size_t(y)] * sp.w.reads[size_t(x)] == 0;
        CHECK(unread == 48);
        CHECK(std::count(mp.h.reads.begin(), mp.h.reads.end(), 0) == 0);
        CHECK(s.view.heatmap);
        CHECK(m.view.heatmap);
    }
    {   // ceil_mode: a partial window kept; one starting in the padding dropped
        const LayerPicture kept = PlanDoc(Load(Get("pool-ceil")).doc)[0].picture.value();
        CHECK(kept.out.h == 3);
        CHECK(kept.h.cells == 6);  // the last window hangs one cell past the input
        const LayerPicture dropped = PlanDoc(Load(Get("pool-ceil-dropped")).doc)[0].picture.value();
        CHECK(dropped.out.h == 3);
    }
}

TEST_CASE("presets: applying one replaces the configuration and keeps the viewer's own settings") {
    Doc doc = DefaultDoc();
    doc.layers.push_back(doc.layers[0]);
    doc.input.edits.push_back({0, 0, 1, 1, 5});
    View view;
    view.theme = Theme::Light;
    view.dark = false;
    view.link_hw = false;
    view.zoom = 2;
    view.step = 3;
    view.pinned = {1, 0, 0};
    const Preset& p = Get("full-padding");
    CHECK(ApplyPreset(p, doc, view).notices.empty());
    CHECK(doc.layers.size() == 1);
    CHECK(doc.input.edits.empty());
    CHECK(doc.input.h == 5);
    CHECK(PlanDoc(doc)[0].picture.value().out.h == 7);
    CHECK(view.preset == "full-padding");
    CHECK(view.step == 0);
    CHECK(!view.pinned.valid());
    CHECK(view.theme == Theme::Light);
    CHECK(!view.dark);
    CHECK(!view.link_hw);
    CHECK(view.zoom == 2);
}
