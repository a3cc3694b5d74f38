// test_formula.cpp — scene/formula.h's worked formulas and state/analysis/solve.h's
// "solve for": exact text for the cases a lecture uses, then properties over
// random layers (the text states the engine's numbers; every solve row is
// confirmed independently; only the page font's glyphs are used).
//
// Index
//   [SECTION] HELPERS       the font subset, read from web/CMakeLists.txt
//   [SECTION] WORKED FORMULAS
//   [SECTION] SOLVE FOR
//   [SECTION] PROPERTIES
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/geometry.h"
#include "scene/formula.h"
#include "state/formats/codec.h"
#include "state/model/limits.h"
#include "state/model/sanitize.h"
#include "state/analysis/solve.h"

namespace cp_test {

// [SECTION] HELPERS

// The code point ranges of convplay_glyphs in web/CMakeLists.txt: the glyphs
// the page's fonts are subset to. Anything else draws as a box.
std::vector<std::pair<unsigned, unsigned>> FontRanges() {
    std::ifstream file(std::string(CONVPLAY_TESTS_DIR) + "/../web/CMakeLists.txt");
    std::stringstream all;
    all << file.rdbuf();
    const std::string text = all.str();
    std::vector<std::pair<unsigned, unsigned>> ranges;
    const size_t start = text.find("set(convplay_glyphs");
    if (start == std::string::npos) return ranges;
    std::istringstream list(text.substr(start + 19, text.find(')', start) - start - 19));
    std::string item;
    while (list >> item) {
        const size_t dash = item.find('-');
        const unsigned lo = unsigned(std::stoul(item.substr(0, dash), nullptr, 16));
        const unsigned hi = dash == std::string::npos ? lo : unsigned(std::stoul(item.substr(dash + 1), nullptr, 16));
        ranges.emplace_back(lo, hi);
    }
    return ranges;
}

// The characters of UTF-8 `s` outside the font subset (or broken UTF-8), as text.
std::string GlyphsOutsideFont(const std::string& s) {
    static const auto ranges = FontRanges();
    std::string bad;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return bad + "[broken UTF-8]";
        unsigned cp = n == 1 ? c : c & (0x7F >> n);
        for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        const bool ok = std::any_of(ranges.begin(), ranges.end(), [&](auto r) { return cp >= r.first && cp <= r.second; });
        if (!ok) bad += s.substr(i, n);
        i += n;
    }
    return bad;
}

}  // namespace cp_test

namespace {

using namespace cp;
using cp_test::GlyphsOutsideFont;

struct Decoded {
    Doc doc;
    View view;
};

Decoded Load(const std::string& link) {
    Decoded d;
    const DecodeResult r = DecodeState(link, d.doc, d.view);
    REQUIRE_MESSAGE(r.notices.empty(), link << ": " << r.notices[0].text);
    return d;
}

LayerWorking Work(const std::string& link) {
    const Decoded d = Load(link);
    return WorkLayer(d.doc.layers[0], PlanDoc(d.doc)[0]);
}

std::string Notes(const AxisWorking& a) {
    std::string all;
    for (const std::string& n : a.notes) all += n + "\n";
    return all;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> Labels(const SolveResult& r) {
    std::vector<std::string> labels;
    for (const SolveRow& row : r.rows) labels.push_back(row.label);
    return labels;
}

}  // namespace

// [SECTION] WORKED FORMULAS

TEST_CASE("formula: the font subset is read from the web build") {
    CHECK(cp_test::FontRanges().size() > 10);
    CHECK(GlyphsOutsideFont("\xE2\x8C\x8A(7 + 1) / 2\xE2\x8C\x8B \xC3\x97 \xE2\x88\x92 \xE2\x86\x92").empty());
    CHECK(GlyphsOutsideFont("\xE2\x88\x91") == "\xE2\x88\x91");  // ∑ is not in it
}

TEST_CASE("formula: a strided conv shows its floor and remainder") {
    const LayerWorking w = Work("s=2");
    CHECK(w.op == "Conv2d");
    CHECK(w.error.empty());
    REQUIRE(w.axes.size() == 1);
    CHECK(w.axes[0].axis == "H = W");
    CHECK(w.axes[0].formula == "\xE2\x8C\x8A(7 + 1 + 1 \xE2\x88\x92 3) / 2\xE2\x8C\x8B + 1 = 4, remainder 0");
    CHECK(Has(Notes(w.axes[0]), "Remainder 0: the last window ends on the last row and column of the padded input"));
    CHECK(Has(w.general, "out = \xE2\x8C\x8A(in + p_before + p_after \xE2\x88\x92 span) / s\xE2\x8C\x8B + 1"));
}

TEST_CASE("formula: the remainder says which rows the floor drops, and whether they are input") {
    {   // 6 + 2 − 3 = 5 = 2·2 + 1: the one row left over is padding
        const LayerWorking w = Work("in=6&s=2");
        CHECK(w.axes[0].formula == "\xE2\x8C\x8A(6 + 1 + 1 \xE2\x88\x92 3) / 2\xE2\x8C\x8B + 1 = 3, remainder 1");
        CHECK(Has(Notes(w.axes[0]), "Remainder 1: the last row and column of the padded input lies past the last "
                                    "window and is never read; it is padding."));
    }
    {   // 8 − 3 = 5 = 3 + 2, no padding: two input rows are dropped
        const LayerWorking w = Work("in=8&s=3&p=0");
        CHECK(w.axes[0].formula == "\xE2\x8C\x8A(8 + 0 + 0 \xE2\x88\x92 3) / 3\xE2\x8C\x8B + 1 = 2, remainder 2");
        CHECK(Has(Notes(w.axes[0]), "2 input rows and columns are dropped."));
    }
    {   // different axes: one line each, in rows and in columns
        const LayerWorking w = Work("in=8x7&s=3&p=0");
        REQUIRE(w.axes.size() == 2);
        CHECK(w.axes[0].axis == "H");
        CHECK(w.axes[1].axis == "W");
        CHECK(Has(Notes(w.axes[0]), "the last 2 rows of the padded input lie past"));
        CHECK(Has(Notes(w.axes[0]), "2 input rows are dropped."));
        CHECK(w.axes[1].formula == "\xE2\x8C\x8A(7 + 0 + 0 \xE2\x88\x92 3) / 3\xE2\x8C\x8B + 1 = 2, remainder 1");
        CHECK(Has(Notes(w.axes[1]), "the last column of the padded input lies past the last window and is never "
                                    "read: 1 input column is dropped."));
    }
    {   // dilation: the span is worked out
        const LayerWorking w = Work("d=2&p=0");
        CHECK(w.axes[0].formula == "\xE2\x8C\x8A(7 + 0 + 0 \xE2\x88\x92 5) / 1\xE2\x8C\x8B + 1 = 3, remainder 0");
        CHECK(Has(Notes(w.axes[0]), "The window spans 2\xC2\xB7(3 \xE2\x88\x92 1) + 1 = 5 cells: its 3 taps are 2 apart."));
    }
}

TEST_CASE("formula: 'same' and 'SAME' say how the padding is split and where the odd pixel goes") {
    {
        const LayerWorking w = Work("k=4&p=same");
        CHECK(w.axes[0].formula == "\xE2\x8C\x8A(7 + 1 + 2 \xE2\x88\x92 4) / 1\xE2\x8C\x8B + 1 = 7, remainder 0");
        CHECK(Has(Notes(w.axes[0]), "padding='same' (PyTorch, stride 1 only) pads d\xC2\xB7(k \xE2\x88\x92 1) = "
                                    "1\xC2\xB7(4 \xE2\x88\x92 1) = 3 in all, split 1 top and left, 2 bottom and right: "
                                    "the odd pixel goes to the bottom and right."));
    }
    {
        const LayerWorking w = Work("p=same");
        CHECK(Has(Notes(w.axes[0]), "= 2 in all, split evenly: 1 top and left, 1 bottom and right."));
    }
    {
        const LayerWorking w = Work("in=8&s=2&p=SAME");
        CHECK(w.axes[0].formula == "\xE2\x8C\x8A(8 + 0 + 1 \xE2\x88\x92 3) / 2\xE2\x8C\x8B + 1 = 4, remainder 0");
        CHECK(Has(Notes(w.axes[0]), "padding='SAME' (TensorFlow) aims at \xE2\x8C\x88" "8 / 2\xE2\x8C\x89 = 4 outputs "
                                    "and pads max((4 \xE2\x88\x92 1)\xC2\xB7" "2 + 3 \xE2\x88\x92 8, 0) = 1 in all, split "
                                    "0 top and left, 1 bottom and right: the odd pixel goes to the bottom and right."));
    }
    {   // per axis when they differ
        const LayerWorking w = Work("in=8x7&k=4x3&p=same");
        REQUIRE(w.axes.size() == 2);
        CHECK(Has(Notes(w.axes[0]), "split 1 top, 2 bottom: the odd pixel goes to the bottom."));
        CHECK(Has(Notes(w.axes[1]), "split evenly: 1 left, 1 right."));
    }
    CHECK(Has(Notes(Work("p=valid").axes[0]), "padding='valid' adds no padding"));
}

TEST_CASE("formula: pools round up with ceil_mode, and drop a window that would start in the padding") {
    {
        const LayerWorking w = Work("op=maxpool&in=5&k=2&ceil=1");
        CHECK(w.axes[0].formula == "\xE2\x8C\x88(5 + 0 + 0 \xE2\x88\x92 2) / 2\xE2\x8C\x89 + 1 = 3, remainder 1");
        CHECK(Has(Notes(w.axes[0]), "ceil_mode keeps a partial last window over the last row and column"));
        CHECK(Has(w.general, "less 1 if that last window would start in the after-padding"));
    }
    {
        const LayerWorking w = Work("op=maxpool&in=5&k=2&p=1&ceil=1");
        CHECK(w.axes[0].formula ==
              "\xE2\x8C\x88(5 + 1 + 1 \xE2\x88\x92 2) / 2\xE2\x8C\x89 + 1 \xE2\x88\x92 1 = 3, remainder 1");
        CHECK(Has(Notes(w.axes[0]), "rounding up would add a window starting in the bottom and right padding, which "
                                    "reads no input, so ceil_mode drops it"));
    }
    CHECK(Has(Notes(Work("op=avgpool&in=6&k=2&ceil=1").axes[0]), "ceil_mode changes nothing here"));
    {   // without ceil_mode a pool floors like a conv; its default stride is the kernel
        const LayerWorking w = Work("op=maxpool&in=7&k=3");
        CHECK(w.axes[0].formula == "\xE2\x8C\x8A(7 + 0 + 0 \xE2\x88\x92 3) / 3\xE2\x8C\x8B + 1 = 2, remainder 1");
        CHECK(Has(Notes(w.axes[0]), "1 input row and column is dropped."));
    }
    {   // a stride past the window skips cells whatever the remainder
        const LayerWorking w = Work("in=8&k=1&s=2&p=0");
        CHECK(Has(Notes(w.axes[0]), "The stride 2 is more than the window's 1: 1 row and column between neighbouring "
                                    "windows is skipped, never read."));
    }
    {   // ceil_mode keeps a window wider than the padded input
        const LayerWorking w = Work("op=maxpool&in=2&k=3&ceil=1");
        CHECK(w.axes[0].formula == "\xE2\x8C\x88(2 + 0 + 0 \xE2\x88\x92 3) / 3\xE2\x8C\x89 + 1 = 1");
        CHECK(Has(Notes(w.axes[0]), "more than the padded input's 2: ceil_mode still keeps one window"));
    }
}

TEST_CASE("formula: a transposed conv has no rounding, its equivalent conv, and the sizes it undoes") {
    {
        const LayerWorking w = Work("op=tconv&in=3&s=2&p=1&opad=1");
        CHECK(w.op == "ConvTranspose2d");
        CHECK(w.axes[0].formula == "(3 \xE2\x88\x92 1)\xC2\xB7" "2 \xE2\x88\x92 2\xC2\xB7" "1 + 1\xC2\xB7(3 \xE2\x88\x92 "
                                   "1) + 1 + 1 = 6");
        CHECK(Has(Notes(w.axes[0]), "As a conv: insert 1 zero between inputs (3 \xE2\x86\x92 5), pad 1 top and left "
                                    "and 2 bottom and right"));
        CHECK(Has(Notes(w.axes[0]), "8 \xE2\x88\x92 3 + 1 = 6."));
        CHECK(Has(Notes(w.axes[0]), "maps every size from 5 to 6 to 3; output_padding (here 1) picks which comes back."));
    }
    CHECK(Has(Notes(Work("op=tconv&in=2").axes[0]), "maps 4 to 2: this undoes its size."));
    {   // padding past d·(k − 1) crops the zero-inserted input
        const LayerWorking w = Work("op=tconv&in=4&s=3&p=3");
        CHECK(w.axes[0].formula == "(4 \xE2\x88\x92 1)\xC2\xB7" "3 \xE2\x88\x92 2\xC2\xB7" "3 + 1\xC2\xB7(3 \xE2\x88\x92 "
                                   "1) + 0 + 1 = 6");
        CHECK(Has(Notes(w.axes[0]), "crop 1 top and left and 1 bottom and right"));
    }
}

TEST_CASE("formula: a layer the engine refuses shows the engine's message") {
    const Decoded d = Load("g=2");
    const LayerWorking w = WorkLayer(d.doc.layers[0], PlanDoc(d.doc)[0]);
    CHECK(w.axes.empty());
    CHECK(Has(w.error, "groups=2"));
    CHECK(!w.general.empty());
}

// [SECTION] SOLVE FOR

TEST_CASE("solve: target sizes are read as N, HxW or H×W") {
    CHECK(ParseTargetSize("4") == Size2{4, 4});
    CHECK(ParseTargetSize(" 4x3 ") == Size2{4, 3});
    CHECK(ParseTargetSize("4X3") == Size2{4, 3});
    CHECK(ParseTargetSize("4\xC3\x97" "3") == Size2{4, 3});
    CHECK(ParseTargetSize("4 x 3") == Size2{4, 3});
    CHECK(ParseTargetSize("16384x1000") == Size2{16384, 1000});  // a satellite tile
    for (const char* bad : {"", "0", "x", "4x", "x4", "-4", "4.5", "16777217", "123456789", "4x3x2", "four", "4x0", "\xC3\x97"})
        CHECK_MESSAGE(!ParseTargetSize(bad), bad);
}

TEST_CASE("solve: 7×7 → 4×4 with k3, simplest first") {
    {
        const Decoded d = Load("");
        const SolveResult r = SolveForOutput(d.doc, 0, {4, 4});
        CHECK(r.heading == "7\xC3\x97" "7 \xE2\x86\x92 4\xC3\x97" "4 with k3");
        REQUIRE(!r.rows.empty());
        CHECK(r.rows.size() <= 8);
        CHECK(r.rows[0].label == "s2 p1");
        CHECK(!r.rows[0].current);
    }
    {   // a pool lists the ceil_mode answer right after the plain one
        const Decoded d = Load("op=maxpool&k=2");
        const SolveResult r = SolveForOutput(d.doc, 0, {4, 4});
        const auto labels = Labels(r);
        REQUIRE(labels.size() >= 2);
        CHECK(labels[0] == "s2 p1");
        CHECK(labels[1] == "s2 p0 + ceil");
        CHECK(std::get<MaxPool2dOptions>(r.rows[1].layer.options).ceil_mode);
    }
    {   // the current configuration is marked, and a pool's default stride stays "= kernel"
        const Decoded d = Load("op=maxpool&k=2&in=8");
        const SolveResult r = SolveForOutput(d.doc, 0, {4, 4});
        REQUIRE(!r.rows.empty());
        CHECK(r.rows[0].label == "s2 p0");
        CHECK(r.rows[0].current);
        CHECK(r.rows[0].layer == d.doc.layers[0]);
    }
    {   // a transposed conv from 3 to 6: output_padding
        const Decoded d = Load("op=tconv&in=3");
        const SolveResult r = SolveForOutput(d.doc, 0, {6, 6});
        REQUIRE(!r.rows.empty());
        CHECK(r.rows[0].label == "s2 p1 opad1");
    }
    {   // different axes: one answer per axis where they differ
        const Decoded d = Load("in=7x9&p=0");
        CHECK(SolveForOutput(d.doc, 0, {4, 5}).rows.at(0).label == "s2 p1");
        const SolveResult r = SolveForOutput(d.doc, 0, {4, 4});
        REQUIRE(!r.rows.empty());
        CHECK(r.rows[0].label == "s2 p1\xC3\x97" "0");
        CHECK(PaddingOf(r.rows[0].layer) == Size2{1, 0});
    }
}

TEST_CASE("solve: a size no row gives says why, and what to use instead") {
    const Decoded d = Load("");
    const SolveResult r = SolveForOutput(d.doc, 0, {30, 30});
    CHECK(r.rows.empty());
    CHECK(Has(r.none, "to grow one, use a transposed conv."));
    const Decoded t = Load("op=tconv&in=20");
    CHECK(Has(SolveForOutput(t.doc, 0, {1, 1}).none, "to shrink one, use a conv or a pool."));
    CHECK(Has(SolveForOutput(d.doc, 3, {4, 4}).none, "there is no layer 4."));
}

TEST_CASE("solve: past the work cap a row is still offered (its shapes are exact; values are not computed)") {
    // 64 x 64 with 16 x 16 channels at k9, stride 1: 56 x 56, and more
    // multiply-adds than the values cap. Geometry has no such limit, so the
    // solver offers the row, and Sanitize leaves it (and every other row) as it is.
    const Decoded d = Load("in=64&cin=16&cout=16&k=9&s=8&p=0");
    Doc over = d.doc;
    SetStride(over.layers[0], {1, 1});
    REQUIRE(OutShapeOf(over.layers[0], Shape{1, 16, 64, 64}).ok());
    CHECK(MultiplyAddsOf(over.layers[0], Shape{1, 16, 64, 64}, OutShapeOf(over.layers[0], Shape{1, 16, 64, 64}).value()) >
          kMaxMultiplyAdds);
    CHECK(Sanitize(over).empty());
    const SolveResult r = SolveForOutput(d.doc, 0, {56, 56});
    REQUIRE_FALSE(r.rows.empty());
    bool stride_one = false;
    for (const SolveRow& row : r.rows) {
        Doc trial = d.doc;
        trial.layers[0] = row.layer;
        CHECK(Sanitize(trial).empty());
        REQUIRE(OutShapeOf(row.layer, Shape{1, 16, 64, 64}).ok());
        CHECK(OutShapeOf(row.layer, Shape{1, 16, 64, 64}).value().h == 56);
        stride_one |= StrideOf(row.layer).h == 1;
    }
    CHECK(stride_one);
}

// [SECTION] PROPERTIES

namespace {

Doc RandomLayerDoc(std::mt19937& rng) {
    auto in = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const char* ops[] = {"conv", "tconv", "maxpool", "avgpool"};
    const int op = in(0, 3);
    std::string link = "op=" + std::string(ops[op]) + "&in=" + std::to_string(in(1, 24)) + "x" +
                       std::to_string(in(1, 24)) + "&k=" + std::to_string(in(1, 5)) + "x" + std::to_string(in(1, 5)) +
                       "&s=" + std::to_string(in(1, 4)) + "x" + std::to_string(in(1, 4));
    if (op != 3) link += "&d=" + std::to_string(in(1, 3));
    if (op == 0) {
        const char* pads[] = {"0", "1", "2", "1x0", "0,1,2,0", "same", "SAME", "valid"};
        link += "&p=" + std::string(pads[in(0, 7)]);
    } else {
        link += "&p=" + std::to_string(in(0, 2));
    }
    if (op == 1) link += "&opad=" + std::to_string(in(0, 1));
    if (op >= 2) link += "&ceil=" + std::to_string(in(0, 1));
    Doc doc;
    View view;
    DecodeState(link, doc, view);
    return doc;
}

}  // namespace

TEST_CASE("formula: property: every worked formula states the engine's output, its remainder and what is dropped") {
    std::mt19937 rng(7);
    int worked = 0, dropped = 0;
    for (int i = 0; i < 3000; ++i) {
        const Doc doc = RandomLayerDoc(rng);
        const LayerPlan plan = PlanDoc(doc)[0];
        const LayerWorking w = WorkLayer(doc.layers[0], plan);
        CHECK(GlyphsOutsideFont(w.general + w.symbols + w.error).empty());
        if (!plan.picture.ok()) {
            CHECK(!w.error.empty());
            continue;
        }
        ++worked;
        const LayerPicture& pic = plan.picture.value();
        REQUIRE((w.axes.size() == 1 || w.axes.size() == 2));
        for (size_t a = 0; a < w.axes.size(); ++a) {
            const PictureAxis& ax = a == 0 ? pic.h : pic.w;
            const AxisWorking& aw = w.axes[a];
            INFO(aw.formula);
            CHECK(GlyphsOutsideFont(aw.formula).empty());
            for (const std::string& note : aw.notes) CHECK(GlyphsOutsideFont(note).empty());
            const std::string equals = " = " + std::to_string(ax.out);
            if (pic.op == OpKind::ConvTranspose2d) {
                CHECK(aw.formula.size() >= equals.size());
                CHECK(aw.formula.compare(aw.formula.size() - equals.size(), equals.size(), equals) == 0);
                continue;
            }
            const int span = ax.dilation * (ax.kernel - 1) + 1;
            const int numerator = ax.in + ax.pad_lo + ax.pad_hi - span;
            if (numerator < 0) {  // ceil_mode's window wider than the padded input
                CHECK(pic.ceil_mode);
                CHECK(!Has(aw.formula, "remainder"));
                CHECK(Has(Notes(aw), "ceil_mode still keeps one window"));
                continue;
            }
            const int r = numerator % ax.stride;
            CHECK(Has(aw.formula, equals + ", remainder " + std::to_string(r)));
            // With dilation 1 and windows that touch or overlap, the floor's
            // "dropped" inputs are exactly the picture's dropped tail.
            if (!pic.ceil_mode && ax.dilation == 1 && ax.stride <= span && w.axes.size() == 2) {
                const std::string notes = Notes(aw);
                if (ax.dropped_tail == 0) {
                    CHECK((r == 0 || Has(notes, " padding.")));
                } else {
                    ++dropped;
                    CHECK(Has(notes, std::to_string(ax.dropped_tail) + " input "));
                }
            }
        }
    }
    CHECK(worked > 1500);
    CHECK(dropped > 50);
}

TEST_CASE("solve: property: every row is confirmed by the engine, rows are sorted, few and distinct") {
    std::mt19937 rng(11);
    int listed = 0, empty = 0;
    for (int i = 0; i < 300; ++i) {
        const Doc doc = RandomLayerDoc(rng);
        const std::vector<LayerPlan> plans = PlanDoc(doc);
        const Shape in = plans[0].in;
        const Size2 target{std::uniform_int_distribution<int>(1, 20)(rng), std::uniform_int_distribution<int>(1, 20)(rng)};
        const SolveResult r = SolveForOutput(doc, 0, target);
        CHECK(GlyphsOutsideFont(r.heading + r.none).empty());
        CHECK(r.rows.size() <= 8);
        if (r.rows.empty()) {
            ++empty;
            CHECK(!r.none.empty());
        }
        std::vector<std::string> labels;
        for (size_t k = 0; k < r.rows.size(); ++k) {
            const SolveRow& row = r.rows[k];
            INFO(r.heading << ": " << row.label);
            ++listed;
            CHECK(GlyphsOutsideFont(row.label).empty());
            CHECK(row.out == target);
            if (k > 0) CHECK(r.rows[k - 1].cost <= row.cost);
            labels.push_back(row.label);
            // Only the geometry changed: the kernel, the op and the channels are the layer's.
            CHECK(row.layer.op() == doc.layers[0].op());
            CHECK(KernelOf(row.layer) == KernelOf(doc.layers[0]));
            CHECK(row.layer.out_channels == doc.layers[0].out_channels);
            // The engine's own plan of the changed document gives the target, with no repair.
            Doc trial = doc;
            trial.layers[0] = row.layer;
            CHECK(Sanitize(trial).empty());
            const auto planned = PlanDoc(trial)[0];
            REQUIRE(planned.picture.ok());
            CHECK(planned.picture.value().out.h == target.h);
            CHECK(planned.picture.value().out.w == target.w);
            CHECK(planned.in == in);
        }
        std::sort(labels.begin(), labels.end());
        CHECK(std::adjacent_find(labels.begin(), labels.end()) == labels.end());
    }
    CHECK(listed > 300);
    CHECK(empty > 10);
}

TEST_CASE("solve: property: the first row is a simplest one a brute force finds (square convs)") {
    // Brute force over symmetric (s, p, d) with the engine's OutputSize alone,
    // in a box holding every choice of cost <= kBox (cost = (s - 1) + p + 2(d - 1)).
    constexpr int kBox = 24;
    for (int in = 3; in <= 16; ++in)
        for (int k = 1; k <= 5; ++k)
            for (int target = 1; target <= in + 2; ++target) {
                Doc doc;
                View view;
                DecodeState("in=" + std::to_string(in) + "&k=" + std::to_string(k), doc, view);
                const SolveResult r = SolveForOutput(doc, 0, {target, target});
                int best = 1 << 20;
                for (int d = 1; d <= (k == 1 ? 1 : kBox / 2 + 1) && (d == 1 || d * (k - 1) + 1 <= in); ++d)  // a dilated window within the input
                    for (int s = 1; s <= kBox + 1; ++s)
                        for (int p = 0; p <= std::min(kBox, d * (k - 1)); ++p) {
                            const auto out = OutputSize(Axis{in, k, s, p, p, d});
                            if (out.ok() && out.value() == target) best = std::min(best, (s - 1) + p + 2 * (d - 1));
                        }
                INFO(r.heading);
                if (best > kBox) {
                    CHECK((r.rows.empty() || r.rows[0].cost > kBox));
                } else {
                    REQUIRE(!r.rows.empty());
                    CHECK(r.rows[0].cost == best);
                }
            }
}

TEST_CASE("solve: real sizes and strides: a ViT's patches, AlexNet's stem, a satellite tile, DCGAN, DeepLab") {
    auto first = [](const std::string& link, Size2 target) {
        Doc doc;
        View view;
        DecodeState(link, doc, view);
        const SolveResult r = SolveForOutput(doc, 0, target);
        INFO(link << " -> " << target.h << "x" << target.w << ": " << r.none);
        REQUIRE(!r.rows.empty());
        CHECK(r.rows[0].out == target);
        return r.rows[0].label;
    };
    {   // a ViT's patchify: stride 16, past the slider's 8, among the rows
        Doc doc;
        View view;
        DecodeState("in=224&cin=3&k=16", doc, view);
        const auto labels = Labels(SolveForOutput(doc, 0, {14, 14}));
        CHECK(std::find(labels.begin(), labels.end(), "s16 p0") != labels.end());
    }
    CHECK(first("in=227&cin=3&k=11", {55, 55}) == "s4 p0");         // CS231n's AlexNet conv1
    CHECK(first("in=16384&k=3", {8192, 8192}) == "s2 p1");          // a satellite tile halved
    CHECK(first("in=16384&k=7", {512, 512}) == "s32 p0");           // and down 32 times in one layer
    CHECK(first("op=tconv&in=4096&k=4", {8192, 8192}) == "s2 p1");  // DCGAN's upsampling, at size
    CHECK(first("op=tconv&in=4&k=4", {64, 64}) == "s20 p0");        // 4 to 64 in one transposed conv
    {   // a dilated 3x3 that keeps 65x65 (DeepLab's ASPP at rate 12): offered among the rows
        Doc doc;
        View view;
        DecodeState("in=65&k=3", doc, view);
        const SolveResult r = SolveForOutput(doc, 0, {65, 65});
        REQUIRE(!r.rows.empty());
        CHECK(r.rows[0].label == "s1 p1");
    }
    {   // a huge target a conv cannot reach says why, fast
        Doc doc;
        View view;
        DecodeState("in=16384&k=3", doc, view);
        const SolveResult r = SolveForOutput(doc, 0, {16383 * 2, 5});
        CHECK(r.rows.empty());
        CHECK(Has(r.none, "to grow one, use a transposed conv."));
    }
}
