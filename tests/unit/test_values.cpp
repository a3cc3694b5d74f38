// test_values.cpp — the numbers in the cells: the seeded input, the default
// weights, edits over both, flip, and the plans' values equal to the engine's
// own ops on the same tensors, down a chain of layers.
#include <doctest/doctest.h>

#include <cmath>

#include "state/model/values.h"

namespace {

float At(const cp::Tensor& t, int n, int c, int y, int x) {
    return t.data[((size_t(n) * size_t(t.shape.c) + size_t(c)) * size_t(t.shape.h) + size_t(y)) * size_t(t.shape.w) +
                  size_t(x)];
}

bool Same(const cp::Tensor& a, const cp::Tensor& b) { return a.shape == b.shape && a.data == b.data; }

}  // namespace

TEST_CASE("the seeded input: small integers, deterministic, varied, edits on top") {
    cp::InputSpec in;
    in.h = 5, in.w = 6, in.channels = 2, in.seed = 7;
    const cp::Tensor a = cp::InputTensor(in), b = cp::InputTensor(in);
    CHECK(a.shape == cp::Shape{1, 2, 5, 6});
    CHECK(Same(a, b));
    int distinct[10] = {};
    for (float v : a.data) {
        CHECK(v == std::round(v));
        REQUIRE(v >= 0);
        REQUIRE(v <= 9);
        distinct[int(v)] = 1;
    }
    int kinds = 0;
    for (int d : distinct) kinds += d;
    CHECK(kinds >= 6);
    in.seed = 8;
    CHECK_FALSE(Same(a, cp::InputTensor(in)));
    in.seed = 7;
    in.edits = {{0, 1, 2, 3, -42}};
    const cp::Tensor e = cp::InputTensor(in);
    CHECK(At(e, 0, 1, 2, 3) == -42);
    CHECK(At(e, 0, 0, 2, 3) == At(a, 0, 0, 2, 3));
}

TEST_CASE("default weights: a readable -1..2 pattern, edits on top, flip mirrors both axes") {
    cp::Layer conv;  // 3x3, one filter
    const cp::Tensor w = cp::WeightTensor(conv, 0, 1, false);
    CHECK(w.shape == cp::Shape{1, 1, 3, 3});
    CHECK(w.data == std::vector<float>{-1, 1, -1, 2, 0, 2, 1, -1, 1});
    conv.weight_edits = {{0, 0, 0, 1, 5}};
    const cp::Tensor e = cp::WeightTensor(conv, 0, 1, false);
    CHECK(At(e, 0, 0, 0, 1) == 5);
    const cp::Tensor f = cp::WeightTensor(conv, 0, 1, true);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 3; ++x) CHECK(At(f, 0, 0, y, x) == At(e, 0, 0, 2 - y, 2 - x));
    // Layouts as the engine takes them: conv out x in/groups, transposed in x out/groups.
    cp::Layer grouped;
    cp::Conv2dOptions o;
    o.groups = 2;
    grouped.options = o;
    grouped.out_channels = 4;
    CHECK(cp::WeightTensor(grouped, 1, 6, false).shape == cp::Shape{4, 3, 3, 3});
    cp::Layer tconv;
    cp::ConvTranspose2dOptions t;
    t.groups = 2;
    tconv.options = t;
    tconv.out_channels = 4;
    CHECK(cp::WeightTensor(tconv, 0, 6, false).shape == cp::Shape{6, 2, 3, 3});
    cp::Layer pool;
    pool.options = cp::MaxPool2dOptions{};
    CHECK(cp::WeightTensor(pool, 0, 3, false).data.empty());
}

TEST_CASE("plans carry values equal to the engine's ops, down the chain") {
    cp::Doc doc = cp::DefaultDoc();
    doc.input.channels = 2;
    doc.layers[0].out_channels = 3;
    cp::Layer tconv;
    cp::ConvTranspose2dOptions t;
    t.stride = {2, 2};
    tconv.options = t;
    tconv.kernel = {2, 3};
    tconv.out_channels = 2;
    doc.layers.push_back(tconv);
    cp::Layer maxp;
    cp::MaxPool2dOptions m;
    m.kernel = {2, 2};
    m.padding = {1, 1};
    maxp.options = m;
    doc.layers.push_back(maxp);
    cp::Layer avgp;
    cp::AvgPool2dOptions a;
    a.kernel = {3, 3};
    a.stride = {2, 2};
    a.padding = {1, 1};
    a.count_include_pad = false;
    avgp.options = a;
    doc.layers.push_back(avgp);
    doc.flip_kernel = true;

    cp::Workspace ws;
    const auto plans = cp::PlanDoc(doc, nullptr, &ws);
    REQUIRE(plans.size() == 4);
    for (const auto& p : plans) REQUIRE(p.picture.ok());
    CHECK(Same(plans[0].input, cp::InputTensor(doc.input)));
    CHECK(Same(plans[0].weights, cp::WeightTensor(doc.layers[0], 0, 2, true)));
    const auto y0 = cp::Conv2d(plans[0].input.View(), plans[0].weights.View(), {},
                               std::get<cp::Conv2dOptions>(doc.layers[0].options));
    REQUIRE(y0.ok());
    CHECK(Same(plans[0].output, y0.value()));
    CHECK(Same(plans[1].input, plans[0].output));
    const auto y1 = cp::ConvTranspose2d(plans[1].input.View(), plans[1].weights.View(), {}, t);
    REQUIRE(y1.ok());
    CHECK(Same(plans[1].output, y1.value()));
    CHECK(plans[2].weights.data.empty());
    CHECK(Same(plans[2].output, cp::MaxPool2d(plans[2].input.View(), m).value()));
    CHECK(Same(plans[3].output, cp::AvgPool2d(plans[3].input.View(), a).value()));
    CHECK(plans[3].output.shape == plans[3].picture.value().out);

    // Without a Workspace the plans are geometry only (Sanitize's use).
    CHECK(cp::PlanDoc(doc)[0].output.data.empty());
}

TEST_CASE("flip_kernel: the engine computes textbook convolution") {
    cp::Doc doc;
    doc.input.h = doc.input.w = 4;
    cp::Layer conv;  // 3x3, no padding: output 2x2
    doc.layers.push_back(conv);
    cp::Workspace ws;
    const cp::Tensor x = cp::InputTensor(doc.input);
    for (bool flip : {false, true}) {
        doc.flip_kernel = flip;
        const auto plans = cp::PlanDoc(doc, nullptr, &ws);
        const cp::Tensor k = cp::WeightTensor(conv, 0, 1, false);  // the kernel as the student wrote it
        for (int oy = 0; oy < 2; ++oy)
            for (int ox = 0; ox < 2; ++ox) {
                float sum = 0;
                for (int i = 0; i < 3; ++i)
                    for (int j = 0; j < 3; ++j)
                        sum += flip ? At(x, 0, 0, oy + i, ox + j) * At(k, 0, 0, 2 - i, 2 - j)   // sum x[o+i] k[-i]
                                    : At(x, 0, 0, oy + i, ox + j) * At(k, 0, 0, i, j);
                CHECK(At(plans[0].output, 0, 0, oy, ox) == sum);
            }
    }
}

TEST_CASE("an invalid layer stops the values as it stops the pictures") {
    cp::Doc doc = cp::DefaultDoc();
    doc.layers.push_back(doc.layers[0]);
    std::get<cp::Conv2dOptions>(doc.layers[0].options).pad = {};
    doc.layers[0].kernel = {9, 9};  // larger than the 7x7 input
    cp::Workspace ws;
    const auto plans = cp::PlanDoc(doc, nullptr, &ws);
    CHECK_FALSE(plans[0].picture.ok());
    CHECK(plans[0].output.data.empty());
    CHECK(plans[1].input.data.empty());
}
