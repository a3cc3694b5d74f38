// test_scene.cpp — the one scene for every op, and its SVG: what the figure
// shows at a step (grids, styles, the window and its taps, captions, the
// arrow), asserted on the scene instead of on pixels.
//
// Index
//   [SECTION] HELPERS
//   [SECTION] CONV
//   [SECTION] OTHER OPS
//   [SECTION] SVG AND JSON
#include <doctest/doctest.h>

#include <string>

#include "scene/formula.h"
#include "scene/scene.h"
#include "scene/scene_json.h"
#include "scene/svg.h"
#include "state/doc.h"

namespace {

// [SECTION] HELPERS

cp::Doc ConvDoc(int in, int k, int s, int p, int d) {
    cp::Doc doc;
    doc.input.h = doc.input.w = in;
    cp::Layer layer;
    cp::Conv2dOptions o;
    o.stride = {s, s};
    o.pad = cp::Padding4::Symmetric(p, p);
    o.dilation = {d, d};
    layer.options = o;
    layer.kernel = {k, k};
    doc.layers.push_back(layer);
    return doc;
}

cp::Scene SceneOf(const cp::Doc& doc, int step) {
    cp::View view;
    view.step = step;
    return cp::BuildScene(cp::PlanDoc(doc)[0], view);
}

int Count(const cp::SceneGrid& g, uint8_t flag) {
    int n = 0;
    for (uint8_t f : g.flags) n += (f & flag) ? 1 : 0;
    return n;
}
int Count(const cp::SceneGrid& g, cp::Paint paint) {
    int n = 0;
    for (cp::Paint p : g.fill) n += p == paint ? 1 : 0;
    return n;
}
size_t Occurrences(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

// [SECTION] CONV

TEST_CASE("the opening figure: 7x7 input padded to 9x9, a 3x3 window at the corner, 7x7 output") {
    const cp::Scene scene = SceneOf(cp::DefaultDoc(), 0);
    REQUIRE(scene.error.empty());
    const cp::SceneGrid* src = scene.Grid("source");
    const cp::SceneGrid* out = scene.Grid("output");
    REQUIRE(src);
    REQUIRE(out);
    CHECK(src->rows == 9);
    CHECK(src->cols == 9);
    CHECK(Count(*src, cp::Paint::Input) == 49);
    CHECK(Count(*src, cp::Paint::Padding) == 81 - 49);
    CHECK(Count(*src, cp::kCellTap) == 9);
    CHECK(Count(*src, cp::kCellInWindow) == 9);
    CHECK(Count(*src, cp::kCellUnread) == 0);
    CHECK(Count(*src, cp::kCellShowValue) == 81 - 49);  // the zeros of the padding
    CHECK(out->rows == 7);
    CHECK(out->cols == 7);
    CHECK(out->fill[0] == cp::Paint::Current);
    CHECK(Count(*out, cp::Paint::Current) == 1);
    CHECK(scene.steps == 49);
    CHECK(scene.window_top == -1);
    CHECK(scene.window_bottom == 1);
    REQUIRE(scene.labels.size() == 2);
    CHECK(scene.labels[0].text == "input 7 \xC3\x97 7  \xC2\xB7  padded 9 \xC3\x97 9");
    CHECK(scene.labels[1].text == "output 7 \xC3\x97 7");
    // The output sits right of the source, vertically centred on it.
    CHECK(out->x == doctest::Approx(12.0));
    CHECK(out->y == doctest::Approx(src->y + 1));
    REQUIRE(scene.arrows.size() == 1);
    CHECK(scene.arrows[0].x1 < out->x);  // ends at the current cell's left edge
    CHECK(scene.arrows[0].y1 == doctest::Approx(out->y + 0.5));
}

TEST_CASE("stepping moves the window by the stride and the current cell row-major") {
    const cp::Doc doc = ConvDoc(7, 3, 2, 1, 1);  // output 4x4
    const cp::Scene scene = SceneOf(doc, 6);     // row 1, column 2
    CHECK(scene.steps == 16);
    CHECK(scene.out_row == 1);
    CHECK(scene.out_col == 2);
    CHECK(scene.window_top == 1);   // 1*2 - 1
    CHECK(scene.window_left == 3);  // 2*2 - 1
    const cp::SceneGrid* out = scene.Grid("output");
    CHECK(out->fill[out->At(1, 2)] == cp::Paint::Current);
    const cp::SceneGrid* src = scene.Grid("source");
    // Taps in grid cells: rows 2..4, cols 4..6.
    for (int r = 0; r < src->rows; ++r)
        for (int c = 0; c < src->cols; ++c)
            CHECK(bool(src->flags[src->At(r, c)] & cp::kCellTap) == (r >= 2 && r <= 4 && c >= 4 && c <= 6));
    // A step past the end is clamped, not read out of bounds.
    CHECK(SceneOf(doc, 1000).step == 15);
    CHECK(SceneOf(doc, -5).step == 0);
}

TEST_CASE("dilation leaves gaps: 9 taps spread over a 5x5 span") {
    const cp::Scene scene = SceneOf(ConvDoc(7, 3, 1, 0, 2), 0);
    const cp::SceneGrid* src = scene.Grid("source");
    CHECK(Count(*src, cp::kCellInWindow) == 25);
    CHECK(Count(*src, cp::kCellTap) == 9);
    CHECK(src->flags[src->At(0, 1)] == cp::kCellInWindow);  // a gap: in the span, not read
}

TEST_CASE("inputs the floor drops are marked unread") {
    // 8x8, k3 s2, no padding: windows start at 0, 2, 4, so row and column 7 are never read.
    const cp::Scene scene = SceneOf(ConvDoc(8, 3, 2, 0, 1), 0);
    const cp::SceneGrid* src = scene.Grid("source");
    CHECK(Count(*src, cp::kCellUnread) == 8 + 8 - 1);
    CHECK(bool(src->flags[src->At(7, 0)] & cp::kCellUnread));
    CHECK(bool(src->flags[src->At(0, 7)] & cp::kCellUnread));
    CHECK_FALSE(bool(src->flags[src->At(6, 6)] & cp::kCellUnread));
}

TEST_CASE("an invalid layer gives the engine's message and no picture") {
    cp::Doc doc = ConvDoc(3, 5, 1, 0, 1);  // kernel larger than the input
    const cp::Scene scene = SceneOf(doc, 0);
    CHECK(scene.grids.empty());
    CHECK(scene.steps == 0);
    CHECK(scene.error.find("kernel") != std::string::npos);
}

// [SECTION] OTHER OPS

TEST_CASE("transposed conv: inserted zeros between inputs, padding around, stride-1 window") {
    cp::Doc doc;
    doc.input.h = doc.input.w = 3;
    cp::Layer layer;
    cp::ConvTranspose2dOptions o;
    o.stride = {2, 2};
    layer.options = o;
    layer.kernel = {3, 3};
    doc.layers.push_back(layer);
    const cp::Scene scene = SceneOf(doc, 0);
    REQUIRE(scene.error.empty());
    const cp::SceneGrid* src = scene.Grid("source");
    // 3 inputs -> 5 zero-inserted -> + 2 + 2 padding = 9; output (3-1)*2 + 3 = 7.
    CHECK(src->rows == 9);
    CHECK(Count(*src, cp::Paint::Input) == 9);
    CHECK(Count(*src, cp::Paint::InsertedZero) == 25 - 9);
    CHECK(scene.Grid("output")->rows == 7);
    CHECK(scene.labels[0].text.find("zeros inserted 9 \xC3\x97 9") != std::string::npos);
}

TEST_CASE("ceil-mode max pool: the last window overhangs into cells outside the padding") {
    cp::Doc doc;
    doc.input.h = doc.input.w = 5;
    cp::Layer layer;
    cp::MaxPool2dOptions o;
    o.kernel = {2, 2};
    o.ceil_mode = true;
    layer.options = o;
    doc.layers.push_back(layer);
    const cp::Scene scene = SceneOf(doc, 0);
    const cp::SceneGrid* src = scene.Grid("source");
    CHECK(src->rows == 6);  // 3 windows of 2: the last reads input 4 and one cell past it
    CHECK(Count(*src, cp::Paint::Outside) == 36 - 25);
    CHECK(scene.Grid("output")->rows == 3);
    const auto plan = cp::PlanDoc(doc)[0];
    CHECK(cp::AxisFormula(plan.picture.value(), true) ==
          "\xE2\x8C\x88(5 + 2\xC2\xB7" "0 \xE2\x88\x92 1\xC2\xB7(2\xE2\x88\x92" "1) \xE2\x88\x92 1) / 2\xE2\x8C\x89 + 1 = 3");
}

TEST_CASE("the formula shows the numbers the engine used") {
    const auto plan = cp::PlanDoc(ConvDoc(7, 3, 2, 1, 1))[0];
    CHECK(cp::AxisFormula(plan.picture.value(), true) ==
          "\xE2\x8C\x8A(7 + 2\xC2\xB7" "1 \xE2\x88\x92 1\xC2\xB7(3\xE2\x88\x92" "1) \xE2\x88\x92 1) / 2\xE2\x8C\x8B + 1 = 4");
}

// [SECTION] SVG AND JSON

TEST_CASE("the SVG draws every cell, keeps text as text, and escapes what it writes") {
    const cp::Scene scene = SceneOf(cp::DefaultDoc(), 0);
    const std::string svg = cp::SceneSvg(scene);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
    CHECK(Occurrences(svg, "</svg>") == 1);
    // One rect per cell, one per window cell overlay, one per frame, plus the background.
    const size_t cells = 81 + 49, overlays = 9, frames = scene.frames.size();
    CHECK(Occurrences(svg, "<rect") == cells + overlays + frames + 1);
    CHECK(Occurrences(svg, "<text") == 32 + scene.labels.size());  // the padding's zeros and the captions
    CHECK(svg.find(">output 7 \xC3\x97 7</text>") != std::string::npos);
    // Balanced groups.
    CHECK(Occurrences(svg, "<g ") == Occurrences(svg, "</g>"));

    cp::Scene bad;
    bad.error = "kernel <5> & \"more\"";
    const std::string e = cp::SceneSvg(bad);
    CHECK(e.find("kernel &lt;5&gt; &amp; &quot;more&quot;") != std::string::npos);
    CHECK(e.find("<5>") == std::string::npos);
}

TEST_CASE("values are formatted alike everywhere") {
    CHECK(cp::FormatValue(0) == "0");
    CHECK(cp::FormatValue(-0.0f) == "0");
    CHECK(cp::FormatValue(12) == "12");
    CHECK(cp::FormatValue(-3) == "\xE2\x88\x92" "3");
    CHECK(cp::FormatValue(0.5f) == "0.50");
}

TEST_CASE("scene and geometry JSON carry what the page's tests read") {
    const cp::Doc doc = ConvDoc(7, 3, 2, 1, 1);
    cp::View view;
    view.step = 5;
    const auto plans = cp::PlanDoc(doc);
    const cp::Scene scene = cp::BuildScene(plans[0], view);
    CHECK(cp::GeometryJson(plans[0], scene) ==
          "{\"op\":\"conv\",\"input\":[7,7],\"channels\":[1,1],\"padding\":{\"top\":1,\"bottom\":1,\"left\":1,"
          "\"right\":1},\"padded\":[9,9],\"output\":[4,4],\"steps\":16,\"step\":5,\"current\":{\"out\":[1,1],"
          "\"inTopLeft\":[1,1]}}");
    const std::string json = cp::SceneJson(scene);
    CHECK(json.find("\"current\":[1,1]") != std::string::npos);
    CHECK(json.find("\"name\":\"source\"") != std::string::npos);
    CHECK(cp::JsonString("a\"b\\c\n") == "\"a\\\"b\\\\c\\u000a\"");
    const auto bad = cp::PlanDoc(ConvDoc(2, 5, 1, 0, 1));
    CHECK(cp::GeometryJson(bad[0], cp::BuildScene(bad[0], view)).rfind("{\"error\":\"", 0) == 0);
}
