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

// [SECTION] Real sizes: no toy limits, 64-bit counts checked at the extremes

#include <chrono>
#include <climits>

#include "state/analysis/stack.h"
#include "state/model/sanitize.h"

TEST_CASE("AlexNet's conv1 as one layer keeps 227x227, k11, s4, 96 filters: 55x55, 34,944 parameters") {
    Doc doc;
    doc.input.h = doc.input.w = 227;
    doc.input.channels = 3;
    doc.layers = {Conv(96, 11, 4, 0)};
    CHECK(Sanitize(doc).empty());
    bool too_large = false;
    const auto plans = PlanDoc(doc, &too_large);
    REQUIRE(plans[0].out.ok());
    CHECK(plans[0].out.value() == Shape{1, 96, 55, 55});
    CHECK(plans[0].params == 34944);
    CHECK(plans[0].macs == int64_t(96) * 55 * 55 * 3 * 121);
    CHECK(too_large);  // drawn as a summary, never shrunk
    // The U-Net paper's 572 input is kept too.
    doc.input.h = doc.input.w = 572;
    doc.input.channels = 1;
    doc.layers = {Conv(64, 3, 1, 0), Conv(64, 3, 1, 0)};
    CHECK(Sanitize(doc).empty());
    CHECK(PlanDoc(doc)[1].out.value() == Shape{1, 64, 568, 568});
}

TEST_CASE("a 16384x16384 tile, 65536 filters and a kernel as large as the padded input: exact shapes and counts") {
    Doc doc;
    doc.input.h = doc.input.w = 16384;
    doc.input.channels = 3;
    doc.layers = {Conv(65536, 16384, 1, 0)};
    CHECK(Sanitize(doc).empty());
    Workspace ws;
    const auto plans = PlanDoc(doc, nullptr, &ws);
    REQUIRE(plans[0].out.ok());
    CHECK(plans[0].out.value() == Shape{1, 65536, 1, 1});
    const int64_t weights = int64_t(65536) * 3 * 16384 * 16384;
    CHECK(plans[0].params == weights + 65536);
    CHECK(plans[0].macs == weights);
    CHECK(plans[0].output.data.empty());  // nothing computed, nothing allocated
    REQUIRE(LimitNotices(plans).size() == 1);
    // A kernel one past the padded input is the engine's refusal, not a clamp.
    doc.layers = {Conv(4, 16387, 1, 1)};
    CHECK(Sanitize(doc).empty());
    CHECK_FALSE(PlanDoc(doc)[0].out.ok());
    CHECK(PlanDoc(doc)[0].out.error().find("padded input") != std::string::npos);
}

TEST_CASE("multiply-adds past 64 bits saturate instead of wrapping; channels to 65536 plan") {
    Doc doc;
    doc.input.h = doc.input.w = 16384;
    doc.input.channels = 65536;
    doc.layers = {Conv(65536, 3, 1, 1)};
    CHECK(Sanitize(doc).empty());
    const auto plans = PlanDoc(doc);
    REQUIRE(plans[0].out.ok());
    CHECK(plans[0].out.value() == Shape{1, 65536, 16384, 16384});
    CHECK(plans[0].params == int64_t(65536) * 65536 * 9 + 65536);
    CHECK(plans[0].macs == INT64_MAX);  // 2^44 outputs x 65536 x 9 > 2^63
    const StackSummary s = SummarizeStack(doc, plans);
    CHECK(s.macs == INT64_MAX);
    // Past the geometry bound the input is clamped, with a notice naming it.
    doc.input.h = INT_MAX;
    const auto notices = Sanitize(doc);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].text == "height 2147483647 is more than 16777216: set to 16777216.");
}

TEST_CASE("a 258-layer stack (conv, BatchNorm, ReLU) plans, summarises and splits parameters by kind") {
    Doc doc;
    doc.input.h = doc.input.w = 224;
    doc.input.channels = 3;
    int c = 3;
    for (int i = 0; i < 86; ++i) {
        doc.layers.push_back(Conv(64, 3, 1, 1, /*bias=*/false));
        doc.layers.push_back(LayerOf(PassThroughOptions{"BatchNorm2d", "64", 128}));
        doc.layers.push_back(LayerOf(PassThroughOptions{"ReLU", "", 0}));
        c = 64;
    }
    REQUIRE(doc.layers.size() == 258);
    CHECK(Sanitize(doc).empty());
    const auto t0 = std::chrono::steady_clock::now();
    const auto plans = PlanDoc(doc);
    const auto t1 = std::chrono::steady_clock::now();
    const StackSummary s = SummarizeStack(doc, plans);
    const auto t2 = std::chrono::steady_clock::now();
    MESSAGE("258 layers planned in " << std::chrono::duration<double, std::milli>(t1 - t0).count()
                                     << " ms, summarised in " << std::chrono::duration<double, std::milli>(t2 - t1).count()
                                     << " ms (Debug build)");
    REQUIRE(s.stopped_at == -1);
    CHECK(s.rows.back().out == Shape{1, c, 224, 224});
    CHECK(s.params_conv == int64_t(64) * 3 * 9 + int64_t(85) * 64 * 64 * 9);
    CHECK(s.params_norm == 86 * 128);
    CHECK(s.params_linear == 0);
    CHECK(s.params == s.params_conv + s.params_norm);
    CHECK_FALSE(s.rows[1].spatial);
    CHECK(s.rows[1].name == "BatchNorm2d");
    CHECK(s.rows[1].rf_ok);  // a pass-through row keeps the field
    CHECK(s.rows[1].rf_h.size == s.rows[0].rf_h.size);
    const std::string json = StackJson(s);
    CHECK(json.find("\"kind\":\"BatchNorm2d\"") != std::string::npos);
    CHECK(json.find("\"paramsByKind\":{\"conv\":") != std::string::npos);
}

TEST_CASE("the field goes through pad and an integer upsample, and stops being one number past Flatten") {
    Doc doc;
    doc.input.h = doc.input.w = 8;
    doc.layers = {LayerOf(Pad2dOptions{Padding4::Symmetric(1, 1), PaddingMode::Reflect, 0}), Conv(1, 3, 1, 0),
                  LayerOf(UpsampleOptions{{2, 2}, {0, 0}}), Conv(1, 3, 1, 1), LayerOf(FlattenOptions{}),
                  LayerOf(LinearOptions{0, 10})};
    const auto plans = PlanDoc(doc);
    const StackSummary s = SummarizeStack(doc, plans);
    REQUIRE(s.stopped_at == -1);
    CHECK(s.rows[1].rf_ok);
    CHECK(s.rows[1].rf_h.size == 3);  // reflect pad + 3x3: 3 pixels of the input
    CHECK(s.rows[3].rf_ok);
    CHECK(s.rows[4].flat);
    CHECK_FALSE(s.rows[4].rf_ok);
    CHECK(s.rows[5].out == Shape{1, 1, 1, 10});
    CHECK(s.rows[5].params == 16 * 16 * 10 + 10);  // LazyLinear took 256 features from the chain
    CHECK(s.params_linear == 2570);
}

#include "scene/describe.h"
#include "scene/scene.h"

TEST_CASE("a layer too large to draw is a shape summary in the scene, not an error") {
    Doc doc;
    doc.input.h = doc.input.w = 227;
    doc.input.channels = 3;
    doc.layers = {Conv(96, 11, 4, 0), LayerOf(PassThroughOptions{"ReLU", "", 0})};
    const auto plans = PlanDoc(doc);
    for (const LayerPlan& plan : plans) {
        const Scene scene = BuildScene(plan, View{});
        CHECK(scene.error.empty());
        bool shape = false, why = false;
        for (const SceneLabel& l : scene.labels) {
            shape |= l.text == "96\xC3\x97" "55\xC3\x97" "55";
            why |= l.text.find("160") != std::string::npos || l.text.find("ReLU is not drawn") != std::string::npos;
        }
        CHECK(shape);
        CHECK(why);
        CHECK(Describe(plan, scene, false).find("invalid") == std::string::npos);
    }
}
