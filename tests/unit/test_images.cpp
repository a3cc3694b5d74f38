// test_images.cpp — image mode's data (state/image/images.h): the generated samples,
// the downscale rule, pixels to tensors, every layer run on a picture equal
// to the engine's own ops, the size bounds, and the pixel-peek window.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/ops.h"
#include "scene/image_scene.h"
#include "state/analysis/stack.h"
#include "state/formats/codec.h"
#include "state/image/images.h"
#include "state/model/values.h"

namespace {

float At(const cp::Tensor& t, int c, int y, int x) {
    return t.data[(size_t(c) * size_t(t.shape.h) + size_t(y)) * size_t(t.shape.w) + size_t(x)];
}

}  // namespace

TEST_CASE("samples: deterministic RGB in [0, 1], each its own picture") {
    std::vector<cp::Tensor> all;
    for (auto s : {cp::SampleImage::Card, cp::SampleImage::Rings, cp::SampleImage::Checker}) {
        const cp::Tensor t = cp::SampleTensor(s, 128);
        REQUIRE(t.shape == cp::Shape{1, 3, 128, 128});
        CHECK(t.data == cp::SampleTensor(s, 128).data);
        float lo = 1, hi = 0;
        for (float v : t.data) lo = std::min(lo, v), hi = std::max(hi, v);
        CHECK(lo >= 0);
        CHECK(hi <= 1);
        CHECK(hi - lo > 0.5f);  // contrast: edges to see
        for (const cp::Tensor& other : all) CHECK(other.data != t.data);
        all.push_back(t);
    }
    // The card's frame: dark at the very edge, light just inside.
    const cp::Tensor card = all[0];
    CHECK(At(card, 0, 0, 0) == 0);
    CHECK(At(card, 1, 64, 2) == 1);
    CHECK(cp::SampleTensor(cp::SampleImage::Photo).data.empty());  // pixels from the page
    CHECK(cp::SampleTensor(cp::SampleImage::Card, 0).data.empty());
    CHECK(cp::SampleTensor(cp::SampleImage::Card, cp::kMaxImageSide + 1).data.empty());
}

TEST_CASE("downscale: the long side to at most 1024, aspect kept, never below 1") {
    CHECK(cp::DownscaledSize(800, 600) == cp::Size2{600, 800});
    CHECK(cp::DownscaledSize(1024, 1024) == cp::Size2{1024, 1024});
    CHECK(cp::DownscaledSize(2048, 1000) == cp::Size2{500, 1024});
    CHECK(cp::DownscaledSize(3000, 4000) == cp::Size2{1024, 768});
    CHECK(cp::DownscaledSize(1, 5000) == cp::Size2{1024, 1});
    CHECK(cp::DownscaledSize(0, 10) == cp::Size2{0, 0});
}

TEST_CASE("RGBA pixels to a tensor: RGB, luma, alpha over white, and refusals") {
    const std::vector<uint8_t> px = {255, 0, 0, 255, 0, 0, 0, 0};  // red, then a transparent pixel
    const cp::Tensor rgb = cp::ImageTensor(px, 2, 1, 3);
    REQUIRE(rgb.shape == cp::Shape{1, 3, 1, 2});
    CHECK(At(rgb, 0, 0, 0) == 1);
    CHECK(At(rgb, 1, 0, 0) == 0);
    CHECK(At(rgb, 2, 0, 1) == 1);  // transparent reads as white
    const cp::Tensor grey = cp::ImageTensor(px, 2, 1, 1);
    REQUIRE(grey.shape == cp::Shape{1, 1, 1, 2});
    CHECK(grey.data[0] == doctest::Approx(0.2126));
    CHECK(grey.data[1] == doctest::Approx(1));
    CHECK(cp::WithChannels(rgb, 1).data == grey.data);
    CHECK(cp::ImageTensor(px, 3, 1, 3).data.empty());   // bytes do not match the size
    CHECK(cp::ImageTensor(px, 2, 1, 2).data.empty());   // grey or RGB only
    CHECK(cp::ImageTensor({}, 0, 0, 3).data.empty());
}

TEST_CASE("RunImage: every layer's map is the engine's op on the previous map") {
    cp::Doc doc = cp::DefaultDoc();
    doc.input.channels = 3;
    doc.layers[0].kernel_preset = cp::KernelPreset::SobelX;
    doc.layers[0].out_channels = 2;
    cp::Layer pool;
    cp::MaxPool2dOptions mp;
    mp.kernel = {2, 2};
    pool.options = mp;
    doc.layers.push_back(pool);
    cp::Workspace ws;
    const cp::Tensor picture = cp::SampleTensor(cp::SampleImage::Card, 64);
    const cp::ImageRun run = cp::RunImage(doc, picture, ws);
    REQUIRE(run.layers.size() == 2);
    CHECK(run.layers[0].error.empty());
    const cp::Tensor w = cp::WeightTensor(doc.layers[0], 0, 3, false);
    const auto want0 = cp::Conv2d(picture.View(), w.View(), {}, std::get<cp::Conv2dOptions>(doc.layers[0].options));
    REQUIRE(want0.ok());
    CHECK(run.layers[0].output.shape == want0.value().shape);
    CHECK(run.layers[0].output.data == want0.value().data);
    const auto want1 = cp::MaxPool2d(want0.value().View(), std::get<cp::MaxPool2dOptions>(pool.options));
    REQUIRE(want1.ok());
    CHECK(run.layers[1].output.data == want1.value().data);
    CHECK(run.layers[0].lo < 0);  // an edge filter is signed
    CHECK(run.layers[0].hi > 0);
    // The padded input: the conv's padding 1 on each side, zeros there.
    CHECK(run.PaddedShape() == cp::Shape{1, 3, 66, 66});
    CHECK(cp::PaddedValue(run, 0, 0, 0) == 0);
    CHECK(cp::PaddedValue(run, 0, 1, 1) == At(picture, 0, 0, 0));
    // Reflect padding draws the mirrored pixels into the border.
    std::get<cp::Conv2dOptions>(doc.layers[0].options).mode = cp::PaddingMode::Reflect;
    const cp::ImageRun reflect = cp::RunImage(doc, picture, ws);
    CHECK(cp::PaddedValue(reflect, 1, 0, 5) == At(picture, 1, 1, 4));
}

TEST_CASE("RunImage: a refused layer stops the run with the engine's message; the bounds hold") {
    cp::Doc doc = cp::DefaultDoc();
    cp::Conv2dOptions grouped;
    grouped.groups = 2;
    doc.layers[0].options = grouped;
    cp::Workspace ws;
    cp::ImageRun run = cp::RunImage(doc, cp::SampleTensor(cp::SampleImage::Rings, 32), ws);
    REQUIRE(run.layers.size() == 1);
    CHECK(run.layers[0].output.data.empty());
    CHECK(run.layers[0].error.find("groups") != std::string::npos);
    // A transposed conv with many channels on a large picture: over the element bound, refused before allocating.
    cp::Layer up;
    cp::ConvTranspose2dOptions big;
    big.stride = {2, 2};
    up.options = big;
    up.out_channels = 8;  // 2049 x 2049 x 8: within the engine's limit, past image mode's
    doc = cp::DefaultDoc();
    doc.layers = {up};
    run = cp::RunImage(doc, cp::WithChannels(cp::SampleTensor(cp::SampleImage::Card, 1024), 1), ws);
    REQUIRE(run.layers.size() == 1);
    CHECK(run.layers[0].output.data.empty());
    CHECK(run.layers[0].error.find("image mode") != std::string::npos);
}

TEST_CASE("RunImage: one formula for multiply-adds: the plan's, which the Stack tab and the work cap read") {
    // A strided transposed conv scatters each input over its kernel: counted
    // per input value, not per output (a picture's inserted zeros cost
    // nothing), here as on the Stack tab.
    cp::Doc doc = cp::DefaultDoc();
    cp::ConvTranspose2dOptions up;
    up.stride = {2, 2};
    doc.layers[0].options = up;
    doc.layers[0].out_channels = 2;
    cp::Layer conv;
    conv.out_channels = 3;
    conv.kernel = {5, 5};
    doc.layers.push_back(conv);
    cp::Workspace ws;
    const cp::Tensor picture = cp::WithChannels(cp::SampleTensor(cp::SampleImage::Rings, 40), 1);
    const cp::ImageRun run = cp::RunImage(doc, picture, ws);
    REQUIRE(run.layers.size() == 2);
    REQUIRE(run.layers[1].error.empty());
    REQUIRE(run.plans.size() == 2);
    const cp::Shape in = picture.shape, mid = run.layers[0].out, out = run.layers[1].out;
    CHECK(run.plans[0].macs == in.Count() * 2 * 3 * 3);    // every input value times cout/g times the kernel
    CHECK(run.plans[1].macs == out.Count() * mid.c * 5 * 5);  // every output value times cin/g times the kernel
    CHECK(run.multiply_adds == run.plans[0].macs + run.plans[1].macs);
    cp::Doc at = doc;
    at.input.h = in.h, at.input.w = in.w, at.input.channels = in.c;
    CHECK(cp::SummarizeStack(at, cp::PlanDoc(at)).macs == run.multiply_adds);
    // The image mode run reads its one plan: the same geometry PlansAtPicture gives the formula and the peek.
    const std::vector<cp::LayerPlan> again = cp::PlansAtPicture(doc, picture.shape);
    REQUIRE(again.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        CHECK(again[i].out.value() == run.plans[i].out.value());
        CHECK(again[i].picture.ok() == run.plans[i].picture.ok());
    }
}

TEST_CASE("peek: the window's taps (the cell view's LayerPicture) times the weights give the output pixel, for every op") {
    cp::Workspace ws;
    const cp::Tensor picture = cp::WithChannels(cp::SampleTensor(cp::SampleImage::Card, 24), 1);
    std::vector<cp::Layer> layers(3);
    cp::Conv2dOptions conv;
    conv.stride = {2, 2}, conv.pad = cp::Padding4::Symmetric(2, 1), conv.dilation = {2, 1};
    layers[0].options = conv;
    layers[0].kernel_preset = cp::KernelPreset::Emboss;
    cp::ConvTranspose2dOptions tconv;
    tconv.stride = {2, 3}, tconv.padding = {1, 0};
    layers[1].options = tconv;
    layers[1].kernel_preset = cp::KernelPreset::SobelY;
    cp::AvgPool2dOptions avg;
    avg.kernel = {3, 3}, avg.stride = {2, 2}, avg.padding = {1, 1};
    layers[2].options = avg;
    for (const cp::Layer& layer : layers) {
        cp::Doc doc = cp::DefaultDoc();
        doc.layers = {layer};
        const cp::ImageRun run = cp::RunImage(doc, picture, ws);
        REQUIRE(run.layers.size() == 1);
        REQUIRE(run.layers[0].error.empty());
        const cp::Tensor w = cp::WeightTensor(layer, 0, 1, false);
        const cp::Shape out = run.layers[0].out;
        const std::vector<cp::LayerPlan> plans = cp::PlansAtPicture(doc, picture.shape);
        REQUIRE(plans.size() == 1);
        REQUIRE(plans[0].picture.ok());
        const cp::LayerPicture& p = plans[0].picture.value();
        // A transposed conv slides its kernel flipped over the zero-inserted input.
        const bool flipped = p.op == cp::OpKind::ConvTranspose2d;
        int checked = 0;
        for (int oy = 0; oy < out.h; oy += 3)
            for (int ox = 0; ox < out.w; ox += 2) {
                double sum = 0;
                for (const cp::PeekTap& t : cp::PeekTaps(p, oy, ox)) {
                    const bool inside = t.y >= 0 && t.y < picture.shape.h && t.x >= 0 && t.x < picture.shape.w;
                    CHECK(inside == !t.padding);
                    const float v = t.source_y >= 0 ? At(picture, 0, t.source_y, t.source_x) : 0.0f;
                    const int ky = flipped ? 2 - t.ky : t.ky, kx = flipped ? 2 - t.kx : t.kx;
                    sum += w.data.empty() ? v / 9.0 : double(v) * w.data[size_t(ky) * 3 + size_t(kx)];
                    ++checked;
                }
                CAPTURE(oy);
                CAPTURE(ox);
                CHECK(At(run.layers[0].output, 0, oy, ox) == doctest::Approx(sum).epsilon(1e-5));
            }
        CHECK(checked > 50);
    }
}

TEST_CASE("the padded picture is F.pad's in every mode, read through PaddedValue without a copy") {
    std::mt19937 rng(1206);
    cp::Tensor picture{{1, 3, 9, 7}, std::vector<float>(3 * 9 * 7)};
    for (float& v : picture.data) v = std::uniform_real_distribution<float>(0.0f, 1.0f)(rng);
    int checked = 0;
    for (const cp::PaddingMode mode : {cp::PaddingMode::Zeros, cp::PaddingMode::Reflect, cp::PaddingMode::Replicate,
                                       cp::PaddingMode::Circular})
        for (int trial = 0; trial < 20; ++trial) {
            auto side = [&] { return std::uniform_int_distribution<int>(0, 6)(rng); };
            cp::Doc doc;
            cp::Conv2dOptions o;
            o.pad = {side(), side(), side(), side()};
            o.mode = mode;
            cp::Layer layer;
            layer.options = o;
            doc.layers = {layer};
            cp::Workspace ws;
            const cp::ImageRun run = cp::RunImage(doc, picture, ws);
            const auto want = cp::Pad2d(picture.View(), o.pad, mode);
            INFO("mode " << int(mode) << " pad " << o.pad.top << "," << o.pad.bottom << "," << o.pad.left << "," << o.pad.right);
            if (!want.ok()) {  // the engine refuses the border: none is drawn
                CHECK(run.PaddedShape() == picture.shape);
                continue;
            }
            const cp::Tensor got = cp::PaddedPicture(run);
            REQUIRE(got.shape == want.value().shape);
            CHECK(got.data == want.value().data);
            ++checked;
        }
    CHECK(checked > 40);
}

TEST_CASE("the sample table: one row per SampleImage, in order, tokens and labels distinct") {
    for (size_t i = 0; i < cp::kSampleImages.size(); ++i) {
        CHECK(size_t(cp::kSampleImages[i].image) == i);
        CHECK(&cp::SampleInfoOf(cp::SampleImage(i)) == &cp::kSampleImages[i]);
        for (size_t j = 0; j < i; ++j) {
            CHECK(cp::kSampleImages[i].token != cp::kSampleImages[j].token);
            CHECK(cp::kSampleImages[i].label != cp::kSampleImages[j].label);
        }
        // Generated ones are made here; the others come from the page.
        CHECK(cp::SampleTensor(cp::SampleImage(i), 8).data.empty() == !cp::kSampleImages[i].generated);
    }
}

TEST_CASE("the colour scale's view key: scale=full round-trips, robust is the default and not written") {
    cp::Doc doc = cp::DefaultDoc();
    cp::View view;
    CHECK(cp::EncodeState(doc, view).find("scale=") == std::string::npos);
    view.image_full_range = true;
    const std::string text = cp::EncodeState(doc, view);
    CHECK(text.find("scale=full") != std::string::npos);
    cp::Doc d2;
    cp::View v2;
    cp::DecodeState(text, d2, v2);
    CHECK(v2.image_full_range);
    const cp::DecodeResult bad = cp::DecodeState("scale=loud", d2, v2);
    CHECK_FALSE(v2.image_full_range);
    CHECK_FALSE(bad.notices.empty());
}
