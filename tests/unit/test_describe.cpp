// test_describe.cpp — the text alternative for screen readers.
#include <doctest/doctest.h>

#include "scene/describe.h"
#include "state/model/doc.h"

TEST_CASE("the text alternative states the configuration and the current step in words") {
    cp::Doc doc = cp::DefaultDoc();
    std::get<cp::Conv2dOptions>(doc.layers[0].options).stride = {2, 2};
    cp::View view;
    view.step = 5;
    const auto plans = cp::PlanDoc(doc);
    CHECK(cp::Describe(plans[0], cp::BuildScene(plans[0], view)) ==
          "Conv2d, input 7\xC3\x97" "7, kernel 3, stride 2, padding 1: output 4\xC3\x97" "4. Step 6 of 16: output row 1, "
          "column 1 reads input rows 1 to 3, columns 1 to 3.");
    doc.layers[0].kernel = {9, 9};
    std::get<cp::Conv2dOptions>(doc.layers[0].options).pad = {};
    const auto bad = cp::PlanDoc(doc);
    CHECK(cp::Describe(bad[0], cp::BuildScene(bad[0], view)).rfind("This configuration is invalid: ", 0) == 0);
}
