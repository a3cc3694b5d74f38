// test_cell_words.cpp — the figure cell by cell in words (the parallel DOM's grid).
#include <doctest/doctest.h>

#include <string>

#include "engine/workspace.h"
#include "scene/cell_words.h"
#include "scene/number_format.h"
#include "scene/quiz.h"
#include "scene/svg.h"
#include "state/model/doc.h"

namespace {
bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("a padding cell says it is padding, its zero and how many windows read it") {
    cp::Doc doc = cp::DefaultDoc();  // conv, 7x7, k3, s1, p1
    cp::Workspace ws;
    const auto plans = cp::PlanDoc(doc, nullptr, &ws);
    const cp::View view;
    const cp::Scene scene = cp::BuildScene(plans[0], view);
    const std::string corner = cp::CellWords(plans[0], scene, view, "source", 0, 0);
    CHECK(corner.rfind("input row 1, column 1: padding, 0, ", 0) == 0);
    // The corner of a 1-padded 3x3 stride-1 conv is read only by output (0, 0).
    CHECK(Has(corner, "read by 1 window"));
    // An inner input cell is read by 9 windows and names its unpadded place.
    const std::string inner = cp::CellWords(plans[0], scene, view, "source", 3, 3);
    CHECK(Has(inner, "(unpadded row 3, column 3)"));
    CHECK(Has(inner, "read by 9 windows"));
    const cp::SceneGrid* src = scene.Grid("source");
    REQUIRE(src);
    CHECK(inner.rfind("input row 4, column 4: " + cp::FormatValue(src->values[src->At(3, 3)]), 0) == 0);
}

TEST_CASE("an output cell says its value and the rows and columns of its window in the padded input") {
    cp::Doc doc = cp::DefaultDoc();
    std::get<cp::Conv2dOptions>(doc.layers[0].options).stride = {2, 2};
    cp::Workspace ws;
    const auto plans = cp::PlanDoc(doc, nullptr, &ws);
    const cp::View view;
    const cp::Scene scene = cp::BuildScene(plans[0], view);
    const cp::SceneGrid* out = scene.Grid("output");
    REQUIRE(out);
    const std::string words = cp::CellWords(plans[0], scene, view, "output", 1, 2);
    // Output (1, 2) at stride 2 reads padded rows 2..4 and columns 4..6 (0-based): 3–5 and 5–7 counted from 1.
    CHECK(words == "output row 2, column 3: " + cp::FormatValue(out->values[out->At(1, 2)]) +
                       ", from rows 3\xE2\x80\x93" "5, columns 5\xE2\x80\x93" "7 of the padded input");
    CHECK(Has(cp::CellWords(plans[0], scene, view, "output", 0, 0), "the cell shown now"));
    CHECK(cp::CellWords(plans[0], scene, view, "output", 9, 9).empty());
    CHECK(cp::CellWords(plans[0], scene, view, "nothing", 0, 0).empty());
}

TEST_CASE("dilation, pools and a transposed conv are said as they are drawn") {
    cp::Doc doc = cp::DefaultDoc();
    std::get<cp::Conv2dOptions>(doc.layers[0].options).dilation = {2, 2};
    auto plans = cp::PlanDoc(doc);
    cp::View view;
    cp::Scene scene = cp::BuildScene(plans[0], view);
    CHECK(Has(cp::CellWords(plans[0], scene, view, "output", 0, 0), "rows 1\xE2\x80\x93" "5, every 2nd"));

    doc.layers[0] = cp::ChangeOp(doc.layers[0], cp::OpKind::MaxPool2d);
    plans = cp::PlanDoc(doc);
    scene = cp::BuildScene(plans[0], view);
    CHECK(Has(cp::CellWords(plans[0], scene, view, "output", 0, 0), "the largest of "));

    cp::Doc t = cp::DefaultDoc();
    t.layers[0] = cp::ChangeOp(t.layers[0], cp::OpKind::ConvTranspose2d);
    cp::SetStride(t.layers[0], {2, 2});
    plans = cp::PlanDoc(t);
    scene = cp::BuildScene(plans[0], view);
    CHECK(Has(cp::CellWords(plans[0], scene, view, "output", 0, 0), "of the zero-inserted, padded input"));
    bool inserted = false;
    const cp::SceneGrid* src = scene.Grid("source");
    REQUIRE(src);
    for (int r = 0; r < src->rows && !inserted; ++r)
        for (int c = 0; c < src->cols && !inserted; ++c)
            inserted = Has(cp::CellWords(plans[0], scene, view, "source", r, c), "a zero inserted between inputs");
    CHECK(inserted);
}

TEST_CASE("a quiz's hidden output has no words to give away") {
    cp::Doc doc = cp::DefaultDoc();
    const auto plans = cp::PlanDoc(doc);
    cp::View view;
    view.embed.quiz = cp::Quiz::On;
    const cp::Scene scene = cp::BuildShownScene(plans[0], view);
    CHECK(cp::CellWords(plans[0], scene, view, "output", 0, 0).empty());
    const std::string corner = cp::CellWords(plans[0], scene, view, "source", 0, 0);
    CHECK(corner.rfind("input row 1, column 1: padding", 0) == 0);
    CHECK_FALSE(Has(corner, "read by"));
}
