// test_kernels.cpp — kernel presets (state/image/kernels.h): the textbook 3x3 grids,
// what each does to images whose answer is known (a ramp, a constant), the
// same at other sizes, across channels, through the codec and op switches.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "engine/ops.h"
#include "state/formats/codec.h"
#include "state/image/kernels.h"
#include "state/model/values.h"

namespace {

using cp::KernelPreset;

cp::Tensor Image(int h, int w, float (*f)(int, int)) {
    cp::Tensor t{{1, 1, h, w}, {}};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) t.data.push_back(f(y, x));
    return t;
}

// The preset as a 1x1 conv weight, run valid (no padding) over x.
cp::Tensor Apply(KernelPreset p, cp::Size2 k, const cp::Tensor& x) {
    const cp::Tensor w{{1, 1, k.h, k.w}, cp::KernelPresetGrid(p, k)};
    cp::Conv2dOptions o;
    o.rule = cp::PaddingRule::Valid;
    auto y = cp::Conv2d(x.View(), w.View(), {}, o);
    REQUIRE(y.ok());
    return y.value();
}

}  // namespace

TEST_CASE("kernel presets: the textbook 3x3 grids") {
    using V = std::vector<float>;
    CHECK(cp::KernelPresetGrid(KernelPreset::Identity, {3, 3}) == V{0, 0, 0, 0, 1, 0, 0, 0, 0});
    CHECK(cp::KernelPresetGrid(KernelPreset::SobelX, {3, 3}) == V{-1, 0, 1, -2, 0, 2, -1, 0, 1});
    CHECK(cp::KernelPresetGrid(KernelPreset::SobelY, {3, 3}) == V{-1, -2, -1, 0, 0, 0, 1, 2, 1});
    CHECK(cp::KernelPresetGrid(KernelPreset::Laplace, {3, 3}) == V{0, 1, 0, 1, -4, 1, 0, 1, 0});
    CHECK(cp::KernelPresetGrid(KernelPreset::Sharpen, {3, 3}) == V{0, -1, 0, -1, 5, -1, 0, -1, 0});
    CHECK(cp::KernelPresetGrid(KernelPreset::Emboss, {3, 3}) == V{-2, -1, 0, -1, 1, 1, 0, 1, 2});
    const V g = cp::KernelPresetGrid(KernelPreset::Gaussian, {3, 3});
    REQUIRE(g.size() == 9);
    CHECK(g[0] == doctest::Approx(1.0 / 16));
    CHECK(g[4] == doctest::Approx(4.0 / 16));
    CHECK(cp::KernelPresetGrid(KernelPreset::Box, {3, 3}) == V(9, 1.0f / 9));
    CHECK(cp::KernelPresetGrid(KernelPreset::None, {3, 3}).empty());
}

TEST_CASE("kernel presets: tokens round-trip and unknown ones are refused") {
    for (int i = 0; i < cp::kKernelPresetCount; ++i) {
        const auto p = KernelPreset(i);
        CHECK(cp::KernelPresetFromToken(cp::KernelPresetToken(p)) == p);
        CHECK_FALSE(cp::KernelPresetLabel(p).empty());
    }
    CHECK_FALSE(cp::KernelPresetFromToken("blur"));
    CHECK_FALSE(cp::KernelPresetFromToken(""));
}

TEST_CASE("Sobel on a ramp is a constant at every size; across the ramp it is zero") {
    const cp::Tensor ramp = Image(12, 12, [](int, int x) { return 3.0f * float(x); });
    for (int k = 2; k <= 9; ++k) {
        CAPTURE(k);
        const cp::Tensor gx = Apply(KernelPreset::SobelX, {k, k}, ramp);
        const cp::Tensor gy = Apply(KernelPreset::SobelY, {k, k}, ramp);
        REQUIRE(!gx.data.empty());
        CHECK(gx.data[0] > 0);  // the ramp rises to the right
        for (float v : gx.data) CHECK(v == doctest::Approx(gx.data[0]));
        for (float v : gy.data) CHECK(v == doctest::Approx(0).epsilon(1e-6));
    }
}

TEST_CASE("blurs, sharpen and emboss keep a constant image; the Laplacian of a ramp is zero") {
    const cp::Tensor flat = Image(11, 11, [](int, int) { return 5.0f; });
    const cp::Tensor plane = Image(11, 11, [](int y, int x) { return 2.0f * float(y) - float(x) + 1; });
    for (int kh = 1; kh <= 9; ++kh)
        for (int kw : {1, 2, 3, 4, 7}) {
            CAPTURE(kh);
            CAPTURE(kw);
            for (KernelPreset p : {KernelPreset::Box, KernelPreset::Gaussian, KernelPreset::Identity,
                                   KernelPreset::Sharpen, KernelPreset::Emboss})
                for (float v : Apply(p, {kh, kw}, flat).data) CHECK(v == doctest::Approx(5.0));
            if (kh >= 3 && kw >= 3)
                for (float v : Apply(KernelPreset::Laplace, {kh, kw}, plane).data)
                    CHECK(v == doctest::Approx(0).epsilon(1e-5));
        }
}

TEST_CASE("identity is identity at every odd size, with same padding") {
    const cp::Tensor x = Image(6, 7, [](int y, int x) { return float(y * 7 + x) - 20.0f; });
    for (int k = 1; k <= 9; k += 2) {
        const cp::Tensor w{{1, 1, k, k}, cp::KernelPresetGrid(KernelPreset::Identity, {k, k})};
        cp::Conv2dOptions o;
        o.rule = cp::PaddingRule::Same;
        auto y = cp::Conv2d(x.View(), w.View(), {}, o);
        REQUIRE(y.ok());
        CHECK(y.value().data == x.data);
    }
}

TEST_CASE("a preset fills every channel slice, divided by the channels a group sums") {
    cp::Layer layer;
    layer.kernel_preset = KernelPreset::SobelX;
    layer.out_channels = 2;
    const std::vector<float> grid = cp::KernelPresetGrid(KernelPreset::SobelX, {3, 3});
    const cp::Tensor w = cp::WeightTensor(layer, 0, 3, false);
    REQUIRE(w.shape == cp::Shape{2, 3, 3, 3});
    for (size_t i = 0; i < w.data.size(); ++i) CHECK(w.data[i] == doctest::Approx(grid[i % 9] / 3));
    // Depthwise: each channel filtered on its own, at full strength.
    layer.out_channels = 3;
    cp::Conv2dOptions depthwise;
    depthwise.groups = 3;
    layer.options = depthwise;
    const cp::Tensor dw = cp::WeightTensor(layer, 0, 3, false);
    REQUIRE(dw.shape == cp::Shape{3, 1, 3, 3});
    for (size_t i = 0; i < dw.data.size(); ++i) CHECK(dw.data[i] == grid[i % 9]);
    // An edit still wins over the preset in its cell.
    cp::CellValue edit;
    edit.o = 1, edit.y = 1, edit.x = 1, edit.value = 7;
    layer.weight_edits = {edit};
    CHECK(cp::WeightTensor(layer, 0, 3, false).data[9 + 4] == 7);
    // Flipped (textbook convolution): Sobel x becomes its negative.
    layer.weight_edits.clear();
    const cp::Tensor flipped = cp::WeightTensor(layer, 0, 3, true);
    for (size_t i = 0; i < dw.data.size(); ++i) CHECK(flipped.data[i] == -dw.data[i]);
    // Transposed conv: [in][out/groups][kh][kw], summed over in/groups per output.
    cp::Layer t = cp::ChangeOp(layer, cp::OpKind::ConvTranspose2d);
    CHECK(t.kernel_preset == KernelPreset::SobelX);
    t.options = cp::ConvTranspose2dOptions{};
    t.out_channels = 1;
    const cp::Tensor tw = cp::WeightTensor(t, 0, 2, false);
    REQUIRE(tw.shape == cp::Shape{2, 1, 3, 3});
    CHECK(tw.data[2] == doctest::Approx(0.5));
    // A pool has no weights: the preset does not follow it there.
    CHECK(cp::ChangeOp(layer, cp::OpKind::MaxPool2d).kernel_preset == KernelPreset::None);
}

TEST_CASE("codec: kp, view, img and och keys") {
    cp::Doc doc;
    cp::View view;
    auto r = cp::DecodeState("v=1&kp=sobelx&view=image&img=rings", doc, view);
    CHECK(r.notices.empty());
    CHECK(doc.layers[0].kernel_preset == KernelPreset::SobelX);
    CHECK(view.mode == cp::ViewMode::Image);
    CHECK(view.image == cp::SampleImage::Rings);
    const std::string text = cp::EncodeState(doc, view);
    CHECK(text.find("kp=sobelx") != std::string::npos);
    CHECK(text.find("view=image") != std::string::npos);
    CHECK(text.find("img=rings") != std::string::npos);
    cp::Doc again;
    cp::View again_view;
    cp::DecodeState(text, again, again_view);
    CHECK(again == doc);
    CHECK(again_view.image == view.image);
    // Defaults are left out: an old link is unchanged.
    CHECK(cp::EncodeState(cp::Doc{cp::DefaultDoc()}, cp::View{}) == "v=1");

    r = cp::DecodeState("kp=blur&img=lena", doc, view);
    CHECK(r.notices.size() == 2);
    CHECK(doc.layers[0].kernel_preset == KernelPreset::None);
    CHECK(view.image == cp::SampleImage::Card);
    // A pool has no weights: kp does not apply, said so.
    r = cp::DecodeState("op=maxpool&kp=box", doc, view);
    REQUIRE(r.notices.size() == 1);
    CHECK(r.notices[0].text.find("kp does not apply") != std::string::npos);
    // The sender's own picture is not in the link: the card, with a notice.
    r = cp::DecodeState("view=image&img=own", doc, view);
    REQUIRE(r.notices.size() == 1);
    CHECK(r.notices[0].text.find("own picture") != std::string::npos);
    CHECK(view.image == cp::SampleImage::Card);
    // och is kept below the layer's output channels.
    r = cp::DecodeState("cout=2&och=5", doc, view);
    CHECK(view.image_channel == 1);
    CHECK(r.notices.size() == 1);
    // Switching conv -> tconv keeps the preset (ApplyState carries it).
    cp::DecodeState("kp=gauss", doc, view);
    cp::ApplyState("op=tconv", doc, view);
    CHECK(doc.layers[0].kernel_preset == KernelPreset::Gaussian);
}
