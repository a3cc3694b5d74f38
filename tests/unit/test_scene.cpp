// test_scene.cpp — the one scene for every op, and its SVG: what the figure
// shows at a step (grids, styles, the window and its taps, captions, the
// arrow), asserted on the scene instead of on pixels.
//
// Index
//   [SECTION] HELPERS
//   [SECTION] CONV
//   [SECTION] OTHER OPS
//   [SECTION] VALUES        numbers from the engine, padding copies, flip, pools, the dot product
//   [SECTION] LINKING       hover, pin, hovered input, heatmap, trail, edits
//   [SECTION] CAPTIONS      chained sizes, unread reasons, stacked channels
//   [SECTION] SVG AND JSON
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/geometry.h"
#include "scene/formula.h"
#include "scene/scene.h"
#include "scene/scene_json.h"
#include "scene/number_format.h"
#include "scene/svg.h"
#include "state/model/doc.h"
#include "state/model/values.h"

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

// The plan of layer `layer` with its values, computed by the engine.
cp::LayerPlan Planned(const cp::Doc& doc, size_t layer = 0) {
    cp::Workspace ws;
    return cp::PlanDoc(doc, nullptr, &ws)[layer];
}
cp::Scene ValuesOf(const cp::Doc& doc, cp::View view = {}) { return cp::BuildScene(Planned(doc), view); }

// The labels of one anchor, in order.
std::vector<std::string> Texts(const cp::Scene& scene, cp::Anchor anchor) {
    std::vector<std::string> out;
    for (const cp::SceneLabel& l : scene.labels)
        if (l.anchor == anchor) out.push_back(l.text);
    return out;
}
bool HasNote(const cp::Scene& scene, const std::string& text) {
    for (const std::string& t : Texts(scene, cp::Anchor::Below))
        if (t.find(text) != std::string::npos) return true;
    return false;
}

int Count(const cp::SceneGrid& g, uint16_t flag) {
    int n = 0;
    for (uint16_t f : g.flags) n += (f & flag) ? 1 : 0;
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

// A small XML check: every tag closed in order, attributes quoted, no raw
// '<' or '&' in text. Empty string when well formed, else what is wrong.
std::string XmlProblem(const std::string& xml) {
    std::vector<std::string> open;
    size_t i = 0;
    while (i < xml.size()) {
        if (xml[i] == '&') {
            const size_t semi = xml.find(';', i);
            if (semi == std::string::npos || semi - i > 6) return "raw & at " + std::to_string(i);
            i = semi + 1;
            continue;
        }
        if (xml[i] != '<') {
            ++i;
            continue;
        }
        const size_t end = xml.find('>', i);
        if (end == std::string::npos) return "unclosed tag";
        const std::string tag = xml.substr(i + 1, end - i - 1);
        if (std::count(tag.begin(), tag.end(), '"') % 2) return "unbalanced quotes in <" + tag + ">";
        if (tag.find('<') != std::string::npos) return "raw < in <" + tag + ">";
        if (tag[0] == '?') {
        } else if (tag[0] == '/') {
            if (open.empty() || open.back() != tag.substr(1)) return "</" + tag.substr(1) + "> closes nothing open";
            open.pop_back();
        } else if (tag.back() != '/') {
            open.push_back(tag.substr(0, tag.find_first_of(" \n")));
        }
        i = end + 1;
    }
    return open.empty() ? "" : "<" + open.back() + "> left open";
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
    const auto above = Texts(scene, cp::Anchor::Above);
    REQUIRE(above.size() == 3);
    CHECK(above[0] == "7 \xC3\x97 7 \xE2\x86\x92 padded 9 \xC3\x97 9 \xE2\x86\x92 7 \xC3\x97 7");
    CHECK(above[1] == "input 7 \xC3\x97 7");
    CHECK(above[2] == "output 7 \xC3\x97 7");
    CHECK(Count(*src, cp::kCellPadding) == 81 - 49);
    // The output sits right of the source; without weights (no values) vertically centred on it.
    CHECK(out->x == doctest::Approx(11.0));
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
    CHECK(scene.labels[0].text ==
          "3 \xC3\x97 3 \xE2\x86\x92 zeros inserted 5 \xC3\x97 5 \xE2\x86\x92 padded 9 \xC3\x97 9 \xE2\x86\x92 7 \xC3\x97 7");
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

// [SECTION] VALUES

TEST_CASE("values on the canvas are the plan's: input cells, padding zeros, the engine's output") {
    const cp::Doc doc = cp::DefaultDoc();
    const cp::LayerPlan plan = Planned(doc);
    const cp::Scene scene = cp::BuildScene(plan, {});
    const cp::SceneGrid* src = scene.Grid("source");
    const cp::SceneGrid* out = scene.Grid("output");
    REQUIRE(src);
    REQUIRE(out);
    CHECK(Count(*src, cp::kCellShowValue) == 81);
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x) CHECK(src->values[src->At(y + 1, x + 1)] == plan.input.data[size_t(y * 7 + x)]);
    CHECK(src->values[src->At(0, 0)] == 0);
    CHECK(Count(*out, cp::kCellShowValue) == 49);
    for (size_t i = 0; i < 49; ++i) CHECK(out->values[i] == plan.output.data[i]);
    // Only the first layer's input cells are the student's to edit.
    CHECK(Count(*src, cp::kCellEditable) == 49);
    CHECK(src->edit == cp::GridEdit::Input);
}

TEST_CASE("reflect, replicate and circular padding show what Pad2d copies, and outline the source") {
    for (cp::PaddingMode mode : {cp::PaddingMode::Reflect, cp::PaddingMode::Replicate, cp::PaddingMode::Circular}) {
        CAPTURE(int(mode));
        cp::Doc doc = ConvDoc(5, 3, 1, 2, 1);
        std::get<cp::Conv2dOptions>(doc.layers[0].options).mode = mode;
        const cp::LayerPlan plan = Planned(doc);
        const cp::Scene scene = cp::BuildScene(plan, {});
        const cp::SceneGrid* src = scene.Grid("source");
        const auto padded = cp::Pad2d(plan.input.View(), cp::Padding4::Symmetric(2, 2), mode);
        REQUIRE(padded.ok());
        REQUIRE(src->rows == 9);
        for (size_t i = 0; i < 81; ++i) CHECK(src->values[i] == padded.value().data[i]);
        CHECK(Count(*src, cp::kCellPadding) == 81 - 25);
        // Step 0: the window covers padding rows/cols 0..2; each copied tap outlines an input cell.
        CHECK(Count(*src, cp::kCellCopySource) > 0);
        for (size_t i = 0; i < 81; ++i)
            if (src->flags[i] & cp::kCellCopySource) CHECK(src->fill[i] == cp::Paint::Input);
        CHECK(HasNote(scene, std::string("padding: ") + cp::ToString(mode)));
    }
}

TEST_CASE("the kernel grid: the weights that slide, flipped for textbook convolution, edited where clicked") {
    cp::Doc doc = cp::DefaultDoc();
    cp::Scene scene = ValuesOf(doc);
    const cp::SceneGrid* k = scene.Grid("kernel");
    REQUIRE(k);
    CHECK(k->rows == 3);
    CHECK(k->values == std::vector<float>{-1, 1, -1, 2, 0, 2, 1, -1, 1});
    CHECK(HasNote(scene, "cross-correlation (PyTorch)"));
    CHECK(Texts(scene, cp::Anchor::Above).back() == "kernel 3 \xC3\x97 3");

    doc.layers[0].weight_edits = {{0, 0, 0, 0, 7}};
    doc.flip_kernel = true;
    scene = ValuesOf(doc);
    k = scene.Grid("kernel");
    CHECK(k->values[k->At(2, 2)] == 7);  // the student's (0, 0), flipped
    CHECK(HasNote(scene, "convolution (kernel flipped)"));
    CHECK(Texts(scene, cp::Anchor::Above).back() == "kernel 3 \xC3\x97 3, flipped");
    // A click on the shown (2, 2) edits the student's (0, 0).
    REQUIRE(cp::EditCell(doc, *k, 2, 2, +1));
    REQUIRE(doc.layers[0].weight_edits.size() == 1);
    CHECK(doc.layers[0].weight_edits[0] == cp::CellValue{0, 0, 0, 0, 8});
    CHECK(cp::EditCell(doc, *k, 0, 1, -1));
    CHECK(doc.layers[0].weight_edits.back() == cp::CellValue{0, 0, 2, 1, -2});  // shown (0, 1) is the user's (2, 1) = -1
    CHECK_FALSE(cp::EditCell(doc, *k, 3, 0, 1));

    // A transposed conv's kernel slides flipped over the zero-inserted grid.
    cp::Doc t;
    t.input.h = t.input.w = 3;
    cp::Layer layer;
    layer.options = cp::ConvTranspose2dOptions{};
    t.layers.push_back(layer);
    const cp::Scene ts = ValuesOf(t);
    CHECK(ts.Grid("kernel")->values == std::vector<float>{1, -1, 1, 2, 0, 2, -1, 1, -1});
    CHECK(Texts(ts, cp::Anchor::Above).back() == "kernel 3 \xC3\x97 3, flipped");
}

TEST_CASE("the dot product of the shown cell, term by term, adds up to the engine's output") {
    const cp::Doc doc = cp::DefaultDoc();
    cp::View view;
    view.step = 8;  // output (1, 1): the window over input rows 0..2, cols 0..2
    const cp::LayerPlan plan = Planned(doc);
    const cp::Scene scene = cp::BuildScene(plan, view);
    const cp::SceneGrid* src = scene.Grid("source");
    const cp::SceneGrid* k = scene.Grid("kernel");
    std::string expect = "output (1, 1) = ";
    float sum = 0;
    for (int ty = 0; ty < 3; ++ty)
        for (int tx = 0; tx < 3; ++tx) {
            const float v = src->values[src->At(1 + ty, 1 + tx)], w = k->values[k->At(ty, tx)];
            sum += v * w;
            if (ty || tx) expect += tx == 0 ? "\n+ " : " + ";
            expect += cp::FormatValue(v) + "\xC2\xB7" + (w < 0 ? "(" + cp::FormatValue(w) + ")" : cp::FormatValue(w));
        }
    const float engine = plan.output.data[8];
    CHECK(sum == engine);
    expect += " = " + cp::FormatValue(engine);
    CHECK(HasNote(scene, expect));

    // 3 channels x 5 x 5 = 75 taps: past kMaxTapsListed, only the result.
    cp::Doc big = ConvDoc(7, 5, 1, 0, 1);
    big.input.channels = 3;
    const cp::LayerPlan bp = Planned(big);
    const cp::Scene bs = cp::BuildScene(bp, {});
    CHECK(HasNote(bs, "output (0, 0) = \xE2\x80\xA6 = " + cp::FormatValue(bp.output.data[0])));
}

TEST_CASE("every window: source values times the kernel grid at the taps give the engine's output") {
    // Reflect padding with dilation and stride, and a transposed conv (its kernel flipped over the
    // zero-inserted grid): what the figure shows multiplies out to what the engine computed.
    cp::Doc reflect = ConvDoc(6, 3, 2, 2, 2);
    std::get<cp::Conv2dOptions>(reflect.layers[0].options).mode = cp::PaddingMode::Reflect;
    cp::Doc tconv;
    tconv.input.h = 3, tconv.input.w = 4;
    cp::Layer layer;
    cp::ConvTranspose2dOptions o;
    o.stride = {2, 3};
    o.padding = {1, 0};
    o.output_padding = {1, 0};
    layer.options = o;
    layer.kernel = {3, 2};
    tconv.layers.push_back(layer);
    for (const cp::Doc& base : {reflect, tconv})
        for (bool flip : {false, true}) {
            cp::Doc doc = base;
            doc.flip_kernel = flip;
            const cp::LayerPlan plan = Planned(doc);
            REQUIRE(plan.picture.ok());
            const cp::LayerPicture& p = plan.picture.value();
            for (int step = 0; step < p.Steps(); ++step) {
                cp::View view;
                view.step = step;
                const cp::Scene scene = cp::BuildScene(plan, view);
                const cp::SceneGrid *src = scene.Grid("source"), *k = scene.Grid("kernel"), *out = scene.Grid("output");
                float sum = 0;
                for (int ty = 0; ty < p.kernel.h; ++ty)
                    for (int tx = 0; tx < p.kernel.w; ++tx)
                        sum += src->values[src->At(p.h.Tap(scene.out_row, ty), p.w.Tap(scene.out_col, tx))] *
                               k->values[k->At(ty, tx)];
                CHECK(sum == out->values[out->At(scene.out_row, scene.out_col)]);
            }
        }
}

TEST_CASE("max pool marks the winner, pads with -inf; avg pool shows its divisor both ways") {
    cp::Doc doc;
    doc.input.h = doc.input.w = 4;
    cp::Layer layer;
    cp::MaxPool2dOptions m;
    m.kernel = {3, 3};
    m.stride = {2, 2};
    m.padding = {1, 1};
    layer.options = m;
    doc.layers.push_back(layer);
    const cp::LayerPlan plan = Planned(doc);
    const cp::Scene scene = cp::BuildScene(plan, {});
    const cp::SceneGrid* src = scene.Grid("source");
    REQUIRE(Count(*src, cp::kCellWinner) == 1);
    float best = -1;
    size_t at = 0;
    for (int y = 1; y <= 2; ++y)
        for (int x = 1; x <= 2; ++x)
            if (src->values[src->At(y, x)] > best) best = src->values[src->At(y, x)], at = src->At(y, x);
    CHECK(bool(src->flags[at] & cp::kCellWinner));
    CHECK(best == plan.output.data[0]);
    CHECK(std::isinf(src->values[src->At(0, 0)]));
    CHECK(scene.Grid("kernel") == nullptr);
    CHECK(HasNote(scene, "max("));

    cp::AvgPool2dOptions a;
    a.kernel = {3, 3};
    a.stride = {2, 2};
    a.padding = {1, 1};
    doc.layers[0].options = a;
    const cp::LayerPlan ap = Planned(doc);
    cp::Scene as = cp::BuildScene(ap, {});
    CHECK(HasNote(as, "\xC3\xB7 9: count_include_pad=True (with False: \xC3\xB7 4)"));
    CHECK(HasNote(as, ") \xC3\xB7 9 = " + cp::FormatValue(ap.output.data[0])));
    a.count_include_pad = false;
    doc.layers[0].options = a;
    CHECK(HasNote(ValuesOf(doc), "\xC3\xB7 4: count_include_pad=False (with True: \xC3\xB7 9)"));
    a.divisor_override = 5;
    doc.layers[0].options = a;
    CHECK(HasNote(ValuesOf(doc), "\xC3\xB7 5: divisor_override"));
}

// [SECTION] LINKING

TEST_CASE("hovering or pinning an output cell shows its window; hover wins over the pin") {
    const cp::Doc doc = ConvDoc(7, 3, 2, 1, 1);
    cp::View view;
    view.pinned = {0, 2, 1};
    cp::Scene scene = ValuesOf(doc, view);
    CHECK(scene.out_row == 2);
    CHECK(scene.out_col == 1);
    CHECK(scene.window_top == 3);
    CHECK(scene.Grid("output")->fill[scene.Grid("output")->At(2, 1)] == cp::Paint::Current);
    CHECK(HasNote(scene, "pinned"));
    view.hover = {0, 3, 3};
    scene = ValuesOf(doc, view);
    CHECK(scene.out_row == 3);
    CHECK(scene.window_left == 5);
    CHECK_FALSE(HasNote(scene, "pinned"));
    view.hover = {1, 0, 0};  // another layer's cell: ignored
    CHECK(ValuesOf(doc, view).out_row == 2);
}

TEST_CASE("hovering an input cell links every output that reads it; the heatmap counts readers") {
    const cp::Doc doc = ConvDoc(7, 3, 2, 1, 1);
    const cp::LayerPlan plan = Planned(doc);
    const cp::PictureAxis& ah = plan.picture.value().h;
    cp::View view;
    view.hover_input = {0, 3, 4};  // grid cell
    const cp::Scene scene = cp::BuildScene(plan, view);
    const cp::SceneGrid* out = scene.Grid("output");
    CHECK(Count(*out, cp::kCellLinked) == ah.reads[3] * plan.picture.value().w.reads[4]);
    CHECK(bool(scene.Grid("source")->flags[scene.Grid("source")->At(3, 4)] & cp::kCellLinked));
    // Grid row 3 is read by outputs 1 (taps 2..4); row... grid col 4 by outputs 1 (2..4) and 2 (4..6).
    CHECK(bool(out->flags[out->At(1, 1)] & cp::kCellLinked));
    CHECK(bool(out->flags[out->At(1, 2)] & cp::kCellLinked));
    CHECK_FALSE(bool(out->flags[out->At(0, 1)] & cp::kCellLinked));

    view = {};
    view.heatmap = true;
    const cp::Scene heat = cp::BuildScene(plan, view);
    const cp::SceneGrid* src = heat.Grid("source");
    for (int r = 0; r < src->rows; ++r)
        for (int c = 0; c < src->cols; ++c) {
            const size_t i = src->At(r, c);
            const int reads = ah.reads[size_t(r)] * plan.picture.value().w.reads[size_t(c)];
            CHECK(src->values[i] == float(reads));
            if (reads > 0) CHECK(int(src->fill[i]) >= int(cp::Paint::Heat1));
        }
    CHECK(src->fill[src->At(4, 4)] == cp::Paint::Heat4);  // read by 2 x 2 windows, the most
    CHECK(Count(*src, cp::kCellEditable) == 0);            // the cells show counts, not values
}

TEST_CASE("the stride trail marks where the window's top-left was in earlier steps") {
    cp::View view;
    view.step = 5;
    const cp::Scene scene = ValuesOf(ConvDoc(7, 3, 2, 1, 1), view);  // 4x4 outputs
    const cp::SceneGrid* src = scene.Grid("source");
    CHECK(Count(*src, cp::kCellTrail) == 5);
    for (int c : {0, 2, 4, 6}) CHECK(bool(src->flags[src->At(0, c)] & cp::kCellTrail));
    CHECK(bool(src->flags[src->At(2, 0)] & cp::kCellTrail));
    CHECK_FALSE(bool(src->flags[src->At(2, 2)] & cp::kCellTrail));  // the current one
}

TEST_CASE("a click on an input cell edits the document, and the engine recomputes") {
    cp::Doc doc = cp::DefaultDoc();
    const cp::Scene scene = ValuesOf(doc);
    const cp::SceneGrid* src = scene.Grid("source");
    const float before = src->values[src->At(1, 2)];
    REQUIRE(cp::EditCell(doc, *src, 1, 2, +1));
    CHECK(doc.input.edits == std::vector<cp::CellValue>{{0, 0, 0, 1, int(before) + 1}});
    CHECK_FALSE(cp::EditCell(doc, *src, 0, 0, +1));  // padding is not the student's
    const cp::Scene again = ValuesOf(doc);
    CHECK(again.Grid("source")->values[src->At(1, 2)] == before + 1);
    // A later layer's input is the previous output: not editable.
    cp::Doc two = cp::DefaultDoc();
    two.layers.push_back(two.layers[0]);
    cp::View view;
    CHECK(Count(*cp::BuildScene(Planned(two, 1), view).Grid("source"), cp::kCellEditable) == 0);
}

// [SECTION] CAPTIONS

TEST_CASE("unread rows and columns say why") {
    CHECK(HasNote(SceneOf(ConvDoc(8, 3, 2, 0, 1), 0), "row 7 and column 7: never read \xE2\x80\x94 the floor drops them"));
    CHECK(HasNote(SceneOf(ConvDoc(5, 1, 2, 0, 1), 0),
                  "rows 1 and 3, columns 1 and 3: never read \xE2\x80\x94 the stride steps over them"));
    // k2 d3 s3 on 7: taps 0,3 and 3,6; 1, 2, 4, 5 sit inside windows, between taps.
    CHECK(HasNote(SceneOf(ConvDoc(7, 2, 3, 0, 3), 0),
                  "rows 1, 2, 4 and 5, columns 1, 2, 4 and 5: never read \xE2\x80\x94 they fall between the dilated taps"));
    CHECK_FALSE(HasNote(SceneOf(cp::DefaultDoc(), 0), "never read"));
}

TEST_CASE("channels stack behind their grids, with x C in the captions, one tint per group") {
    cp::Doc doc = cp::DefaultDoc();
    doc.input.channels = 4;
    doc.layers[0].out_channels = 2;
    std::get<cp::Conv2dOptions>(doc.layers[0].options).groups = 2;
    const cp::Scene scene = ValuesOf(doc);
    // Input: 3 plates behind; output: 1; kernel (2 input channels per group): 1.
    CHECK(scene.plates.size() == 5);
    CHECK(scene.labels[0].text == "7 \xC3\x97 7  \xC3\x97" "4 \xE2\x86\x92 padded 9 \xC3\x97 9 \xE2\x86\x92 7 \xC3\x97 7  \xC3\x97" "2");
    CHECK(Texts(scene, cp::Anchor::Above)[1] == "input 7 \xC3\x97 7  \xC3\x97" "4");
    // Input channels 0-1 are group 0 (Input's tint), 2-3 group 1.
    int alt = 0;
    for (const cp::SceneFrame& f : scene.plates) alt += f.paint == cp::Paint::GroupAlt;
    CHECK(alt == 3);  // input channels 2, 3 and output channel 1
    CHECK(HasNote(scene, "groups 2"));
    // The plates sit up and right of their grid, inside the scene.
    for (const cp::SceneFrame& f : scene.plates) {
        CHECK(f.y >= 0);
        CHECK(f.x + f.w <= scene.width + 1e-4);
    }
    // The dot product runs over both input channels of the group: 18 taps.
    CHECK(HasNote(scene, "output (0, 0) = "));
}

// [SECTION] SVG AND JSON

TEST_CASE("the SVG draws every cell, keeps text as text, and escapes what it writes") {
    const cp::Scene scene = SceneOf(cp::DefaultDoc(), 0);
    const std::string svg = cp::SceneSvg(scene);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
    CHECK(Occurrences(svg, "</svg>") == 1);
    // One rect per cell, one per window cell and padding (hatch) overlay, one per frame, plus the background.
    const size_t cells = 81 + 49, overlays = 9 + 32, frames = scene.frames.size();
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

TEST_CASE("the SVG of a full figure: values as text, the kernel grid, hatched padding, notes; well formed") {
    cp::Doc doc = cp::DefaultDoc();
    doc.input.channels = 3;
    doc.input.edits = {{0, 0, 0, 0, -7}};
    cp::View view;
    view.step = 10;
    view.hover_input = {0, 4, 4};
    const cp::Scene scene = ValuesOf(doc, view);
    const std::string svg = cp::SceneSvg(scene);
    CHECK(XmlProblem(svg) == "");
    CHECK(svg.find("<g id=\"kernel\">") != std::string::npos);
    CHECK(svg.find("url(#hatch)") != std::string::npos);
    CHECK(svg.find(">\xE2\x88\x92" "7</text>") != std::string::npos);  // the edited value, with U+2212
    CHECK(svg.find(">cross-correlation (PyTorch)</tspan>") != std::string::npos);
    CHECK(Occurrences(svg, "<tspan") == Occurrences(svg, "</tspan>"));
    // Every shown value is a <text>; every note line a <tspan>.
    size_t shown = 0;
    for (const cp::SceneGrid& g : scene.grids) shown += size_t(Count(g, cp::kCellShowValue));
    size_t notes = 0, lines = 0;
    for (const cp::SceneLabel& l : scene.labels)
        if (l.anchor == cp::Anchor::Below) ++notes, lines += 1 + size_t(std::count(l.text.begin(), l.text.end(), '\n'));
    CHECK(Occurrences(svg, "<text") == shown + scene.labels.size());
    CHECK(Occurrences(svg, "<tspan") == lines);
    CHECK(notes >= 2);
    CHECK(XmlProblem("<a><b></a></b>") != "");
    CHECK(XmlProblem("<a>x & y</a>") != "");

    const std::string json = cp::SceneJson(scene);
    CHECK(json.find("\"name\":\"kernel\"") != std::string::npos);
    CHECK(json.find("\"values\":[-1,1,-1,2,0,2,1,-1,1]") != std::string::npos);
    CHECK(json.find("\"plates\":[{") != std::string::npos);
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
