// test_undrawn.cpp — the layers the figure does not draw (doc.h): each is
// planned by PyTorch's rule, with its parameters and multiply-adds, and the
// chain goes on through them.
#include <doctest/doctest.h>

#include "state/model/doc.h"

using namespace cp;

namespace {

Layer Conv(int cout, int k, int s, int p, bool bias = true) {
    Layer l;
    Conv2dOptions o;
    o.stride = {s, s};
    o.pad = Padding4::Symmetric(p, p);
    l.options = o;
    l.kernel = {k, k};
    l.out_channels = cout;
    l.bias = bias;
    return l;
}

}  // namespace

TEST_CASE("the ResNet stem with bias=False, BatchNorm, ReLU, adaptive pool, flatten and linear plans through") {
    Doc doc;
    doc.input.h = doc.input.w = 224;
    doc.input.channels = 3;
    doc.layers = {Conv(64, 7, 2, 3, /*bias=*/false),
                  LayerOf(PassThroughOptions{"BatchNorm2d", "64", 128}),
                  LayerOf(PassThroughOptions{"ReLU", "inplace=True", 0}),
                  LayerOf(AdaptivePool2dOptions{{1, 1}, false}),
                  LayerOf(FlattenOptions{}),
                  LayerOf(LinearOptions{64, 10})};
    const auto plans = PlanDoc(doc);
    REQUIRE(plans.size() == 6);
    for (const LayerPlan& p : plans) REQUIRE(p.out.ok());
    CHECK(plans[0].out.value() == Shape{1, 64, 112, 112});
    CHECK(plans[0].params == 9408);  // 64·3·7·7, no bias
    CHECK(plans[0].picture.ok() == false);  // too large to draw is not a refusal of the chain
    CHECK(plans[1].out.value() == Shape{1, 64, 112, 112});
    CHECK(plans[1].params == 128);
    CHECK_FALSE(plans[1].picture.ok());
    CHECK(plans[3].out.value() == Shape{1, 64, 1, 1});
    CHECK(plans[3].macs == 64 * 112 * 112);  // each input cell summed once
    CHECK(plans[4].flat);
    CHECK(plans[4].out.value() == Shape{1, 1, 1, 64});
    CHECK(plans[5].out.value() == Shape{1, 1, 1, 10});
    CHECK(plans[5].params == 64 * 10 + 10);
    CHECK(plans[5].macs == 640);
    CHECK(KindName(doc.layers[3]) == "AdaptiveAvgPool2d");
}

TEST_CASE("adaptive pool windows follow PyTorch's floor/ceil rule") {
    // 5 -> 3: [0,2) [1,4) [3,5)
    CHECK(AdaptiveWindowOf(0, 5, 3).start == 0);
    CHECK(AdaptiveWindowOf(0, 5, 3).end == 2);
    CHECK(AdaptiveWindowOf(1, 5, 3).start == 1);
    CHECK(AdaptiveWindowOf(1, 5, 3).end == 4);
    CHECK(AdaptiveWindowOf(2, 5, 3).start == 3);
    CHECK(AdaptiveWindowOf(2, 5, 3).end == 5);
    // 7 -> 7 (AlexNet's AdaptiveAvgPool2d((6, 6)) on 6x6: identity windows)
    for (int i = 0; i < 6; ++i) {
        CHECK(AdaptiveWindowOf(i, 6, 6).start == i);
        CHECK(AdaptiveWindowOf(i, 6, 6).end == i + 1);
    }
}

TEST_CASE("pad, upsample and the refusals after flatten") {
    Doc doc;
    doc.input.h = 8, doc.input.w = 10, doc.input.channels = 2;
    doc.layers = {LayerOf(Pad2dOptions{{1, 2, 3, 4}, PaddingMode::Reflect, 0}),
                  LayerOf(UpsampleOptions{{2, 3}, {0, 0}}),
                  LayerOf(UpsampleOptions{{1, 1}, {5, 7}}),
                  LayerOf(FlattenOptions{}),
                  Conv(4, 1, 1, 0)};
    const auto plans = PlanDoc(doc);
    REQUIRE(plans[0].out.ok());
    CHECK(plans[0].out.value() == Shape{1, 2, 11, 17});
    CHECK(plans[1].out.value() == Shape{1, 2, 22, 51});
    CHECK(plans[2].out.value() == Shape{1, 2, 5, 7});
    CHECK(plans[3].out.value() == Shape{1, 1, 1, 70});
    REQUIRE_FALSE(plans[4].out.ok());
    CHECK(plans[4].out.error().find("flattened") != std::string::npos);

    // Reflect padding must be smaller than the input; zero padding may crop.
    doc.layers = {LayerOf(Pad2dOptions{{8, 0, 0, 0}, PaddingMode::Reflect, 0})};
    CHECK_FALSE(PlanDoc(doc)[0].out.ok());
    doc.layers = {LayerOf(Pad2dOptions{{-2, -2, 0, 0}, PaddingMode::Zeros, 0})};
    CHECK(PlanDoc(doc)[0].out.value() == Shape{1, 2, 4, 10});
    // Linear on a map acts on the last axis, and checks in_features there.
    doc.layers = {LayerOf(LinearOptions{10, 3})};
    CHECK(PlanDoc(doc)[0].out.value() == Shape{1, 2, 8, 3});
    doc.layers = {LayerOf(LinearOptions{160, 3})};
    CHECK_FALSE(PlanDoc(doc)[0].out.ok());
}
