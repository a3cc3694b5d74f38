// test_state.cpp — the document, Sanitize and the session: every field is
// brought into range with a notice, sizes from outside never overflow or
// allocate without bound, and the step-through runs outside any widget.
//
// Index
//   [SECTION] SANITIZE
//   [SECTION] LIMITS OF THE PICTURE AND THE WORK
//   [SECTION] SESSION
#include <doctest/doctest.h>

#include <climits>
#include <cmath>
#include <limits>

#include "scene/scene.h"
#include "state/model/doc.h"
#include "state/model/limits.h"
#include "state/model/sanitize.h"
#include "state/model/session.h"

namespace {

bool Mentions(const std::vector<cp::Notice>& notices, const std::string& text) {
    for (const cp::Notice& n : notices)
        if ((n.field + ": " + n.text).find(text) != std::string::npos) return true;
    return false;
}

cp::Conv2dOptions& ConvOf(cp::Doc& doc) { return std::get<cp::Conv2dOptions>(doc.layers[0].options); }

}  // namespace

// [SECTION] SANITIZE

TEST_CASE("the default document is already sane") {
    cp::Doc doc = cp::DefaultDoc();
    CHECK(cp::Sanitize(doc).empty());
    CHECK(doc == cp::DefaultDoc());
    CHECK(doc.layers.size() == 1);
    CHECK(doc.layers[0].op() == cp::OpKind::Conv2d);
}

TEST_CASE("every field is clamped into its range, with a notice naming the field and the numbers") {
    cp::Doc doc = cp::DefaultDoc();
    doc.input.h = 0;
    doc.input.w = INT_MAX;
    ConvOf(doc).stride = {-3, 40};
    ConvOf(doc).pad = {-1, 99, 0, 0};
    ConvOf(doc).dilation = {INT_MIN, 1};
    doc.layers[0].kernel = {0, 1000};
    const auto notices = cp::Sanitize(doc);
    CHECK(doc.input.h == 1);
    // Only geometry clamps (overflow): a stride of 40, padding 99 and a
    // kernel of 1000 are real values the engine judges, kept as given.
    CHECK(ConvOf(doc).stride == cp::Size2{1, 40});
    CHECK(ConvOf(doc).pad == cp::Padding4{0, 99, 0, 0});
    CHECK(ConvOf(doc).dilation == cp::Size2{1, 1});
    CHECK(doc.layers[0].kernel == cp::Size2{1, 1000});
    CHECK(doc.input.w == cp::kMaxGeometrySide);
    CHECK(Mentions(notices, "input: height 0 is less than 1: set to 1."));
    CHECK(Mentions(notices, "input: width 2147483647 is more than 16777216: set to 16777216."));
    CHECK_FALSE(Mentions(notices, "stride 40"));
    CHECK_FALSE(Mentions(notices, "kernel 1000"));
    // Sanitize is a fixed point: a second pass changes nothing.
    cp::Doc again = doc;
    CHECK(cp::Sanitize(again).empty());
    CHECK(again == doc);
}

TEST_CASE("enum values from outside the enum are replaced, never used (they index tables downstream)") {
    cp::Doc doc = cp::DefaultDoc();
    ConvOf(doc).mode = cp::PaddingMode(7);
    ConvOf(doc).rule = cp::PaddingRule(-1);
    const auto notices = cp::Sanitize(doc);
    CHECK(ConvOf(doc).mode == cp::PaddingMode::Zeros);
    CHECK(ConvOf(doc).rule == cp::PaddingRule::Explicit);
    CHECK(notices.size() == 2);
    CHECK(cp::PlanDoc(doc)[0].picture.ok());
}

TEST_CASE("no layers get the default layer; too many are cut to the limit") {
    cp::Doc doc;
    doc.layers.clear();
    CHECK(Mentions(cp::Sanitize(doc), "no layers"));
    CHECK(doc.layers.size() == 1);
    doc.layers.assign(256, cp::DefaultDoc().layers[0]);  // ResNet-152's main path fits
    CHECK(cp::Sanitize(doc).empty());
    CHECK(doc.layers.size() == 256);
    doc.layers.assign(2000, cp::DefaultDoc().layers[0]);
    CHECK(Mentions(cp::Sanitize(doc), "kept the first 1024"));
    CHECK(doc.layers.size() == size_t(cp::kMaxLayers));
}

TEST_CASE("a configuration the engine refuses is kept, to be explained, not repaired") {
    cp::Doc doc = cp::DefaultDoc();
    ConvOf(doc).rule = cp::PaddingRule::Same;
    ConvOf(doc).stride = {2, 2};
    CHECK(cp::Sanitize(doc).empty());
    const auto plans = cp::PlanDoc(doc);
    REQUIRE_FALSE(plans[0].picture.ok());
    CHECK(plans[0].picture.error().find("padding='same' needs stride 1") != std::string::npos);
}

// [SECTION] LIMITS OF THE PICTURE AND THE WORK

TEST_CASE("a transposed conv that would draw a huge grid keeps its input: the figure summarises it") {
    cp::Doc doc;
    doc.input = {64, 64, 1, 1, {}};
    cp::Layer layer;
    cp::ConvTranspose2dOptions o;
    o.stride = {8, 8};
    o.dilation = {6, 6};
    layer.options = o;
    layer.kernel = {9, 9};
    doc.layers.push_back(layer);
    CHECK(cp::Sanitize(doc).empty());  // never rewritten for a drawing reason
    CHECK(doc.input.h == 64);
    bool too_large = false;
    const auto plans = cp::PlanDoc(doc, &too_large);
    CHECK(too_large);
    CHECK_FALSE(plans[0].picture.ok());
    REQUIRE(plans[0].out.ok());  // the shape is exact all the same: (64-1)·8 + 6·8 + 1
    CHECK(plans[0].out.value() == cp::Shape{1, 1, 553, 553});
}

TEST_CASE("past the work cap values are not computed, one notice names the cap, the shapes stay exact") {
    cp::Doc doc = cp::DefaultDoc();
    doc.input = {64, 64, 16, 1, {}};
    doc.layers[0].out_channels = 16;
    doc.layers[0].kernel = {9, 9};
    ConvOf(doc).pad = cp::Padding4::Symmetric(4, 4);
    CHECK(cp::Sanitize(doc).empty());
    CHECK(doc.layers[0].out_channels == 16);  // never "set to 9"
    cp::Workspace ws;
    const auto plans = cp::PlanDoc(doc, nullptr, &ws);
    CHECK(plans[0].macs == int64_t(64) * 64 * 16 * 16 * 81);
    CHECK(plans[0].output.data.empty());  // no values past the cap
    const auto limits = cp::LimitNotices(plans);
    REQUIRE(limits.size() == 1);
    CHECK(limits[0].text == "values are not computed past 2^25 multiply-adds; the shapes are exact.");
    // Under the cap the values are there, and no notice.
    doc.layers[0].out_channels = 2;
    const auto small = cp::PlanDoc(doc, nullptr, &ws);
    CHECK_FALSE(small[0].output.data.empty());
    CHECK(cp::LimitNotices(small).empty());
}

TEST_CASE("a chain of layers stops at the first invalid layer and says which") {
    cp::Doc doc = cp::DefaultDoc();
    cp::Layer pool;
    cp::MaxPool2dOptions m;
    m.kernel = {9, 9};
    pool.options = m;
    doc.layers.push_back(pool);  // 7x7 -> needs 9x9
    doc.layers.push_back(cp::DefaultDoc().layers[0]);
    const auto plans = cp::PlanDoc(doc);
    CHECK(plans[0].picture.ok());
    CHECK_FALSE(plans[1].picture.ok());
    CHECK(plans[2].picture.error() == "layer 2 is invalid, so layer 3 has no input.");
    CHECK(plans[1].in == cp::Shape{1, 1, 7, 7});
}

// [SECTION] SESSION

TEST_CASE("the session sanitizes every document it is given and keeps the view in range") {
    cp::Session s;
    cp::View v = s.view();
    v.step = 48;
    CHECK(s.SetView(v));
    cp::Doc doc = s.doc();
    doc.input.h = doc.input.w = 3;  // 9 outputs now: step 48 is clamped
    CHECK(s.SetDoc(doc));
    CHECK(s.view().step == 8);
    doc.input.h = INT_MAX;
    s.SetDoc(doc);
    CHECK(s.doc().input.h == cp::kMaxGeometrySide);
    CHECK_FALSE(s.notices().empty());
    s.DismissNotices();
    CHECK(s.notices().empty());
    v = s.view();
    v.zoom = std::numeric_limits<float>::quiet_NaN();
    v.speed = 1e9f;
    s.SetView(v);
    CHECK(s.view().zoom == 1.0f);
    CHECK(s.view().speed == 20.0f);
}

TEST_CASE("Tick plays the step-through: speed steps a second, wrapping, and stops on an invalid layer") {
    cp::Session s;
    cp::View v = s.view();
    v.playing = true;
    v.speed = 2;
    s.SetView(v);
    CHECK(s.Tick(0.3f));
    CHECK(s.view().step == 0);
    CHECK(s.Tick(0.3f));  // 0.6 s: one step
    CHECK(s.view().step == 1);
    CHECK(s.Tick(24.0f));  // 48 more steps of 49: wraps to 0
    CHECK(s.view().step == 0);
    CHECK_FALSE(std::isnan(s.view().clock));
    s.Tick(std::numeric_limits<float>::infinity());  // a broken clock changes nothing
    CHECK(s.view().step == 0);
    cp::Doc bad = s.doc();
    bad.layers[0].kernel = {9, 9};
    bad.input.h = bad.input.w = 2;
    s.SetDoc(bad);
    s.Tick(1.0f);
    CHECK_FALSE(s.view().playing);
    v = s.view();
    v.playing = false;
    s.SetView(v);
    CHECK_FALSE(s.Tick(1.0f));  // paused: nothing to draw
}

TEST_CASE("sizes from outside never reach the scene unbounded") {
    // What a URL could ask for: every field at its most.
    cp::Doc doc = cp::DefaultDoc();
    doc.input = {INT_MAX, INT_MAX, INT_MAX, 0, {}};
    doc.layers[0].kernel = {INT_MAX, INT_MAX};
    doc.layers[0].out_channels = INT_MAX;
    ConvOf(doc).stride = {INT_MAX, INT_MAX};
    ConvOf(doc).pad = {INT_MAX, INT_MAX, INT_MAX, INT_MAX};
    ConvOf(doc).dilation = {INT_MAX, INT_MAX};
    ConvOf(doc).groups = INT_MAX;
    // And a layer whose source grid is exactly the drawing limit (158 + 2 x 1
    // padding = kMaxPictureSide), then one cell past it.
    cp::Doc edge = cp::DefaultDoc();
    edge.input.h = edge.input.w = cp::kMaxPictureSide - 2;
    cp::Doc past = edge;
    past.input.h = cp::kMaxPictureSide - 1;
    int drawn = 0, undrawn = 0;
    for (const cp::Doc& asked : {doc, edge, past}) {
        cp::Session s;
        s.SetDoc(asked);
        CHECK(s.doc().input.h <= cp::kMaxGeometrySide);
        CHECK(s.doc().layers[0].out_channels <= cp::kMaxGeometryChannels);
        cp::View v;
        v.step = INT_MAX;
        s.SetView(v);
        const cp::Scene scene = cp::BuildScene(s.viewed(), s.view());
        // Drawn cell by cell within the limit, or not drawn at all (an error
        // or the summary's two blocks): never a grid past it.
        if (scene.grids.empty()) ++undrawn;
        else ++drawn;
        for (const cp::SceneGrid& g : scene.grids) {
            CHECK(g.rows <= cp::kMaxPictureSide);
            CHECK(g.cols <= cp::kMaxPictureSide);
        }
    }
    CHECK(drawn == 1);    // the edge case: its source grid is exactly kMaxPictureSide
    CHECK(undrawn == 2);  // every field at its most (refused) and one cell past the edge (a summary)
}
