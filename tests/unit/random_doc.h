// random_doc.h — seeded random documents of one to three layers over every
// op and option, for the code export tests (test_code.cpp) and the PyTorch
// check's case generator (tests/torch/code_cases.cpp). Not sanitized.
#pragma once
#include <random>

#include "state/model/doc.h"
#include "state/model/limits.h"

namespace cp_test {

inline cp::Layer RandomLayer(std::mt19937& rng, int in_channels) {
    using namespace cp;
    auto in = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto size = [&](int lo, int hi) { return in(0, 1) ? Size2::Both(in(lo, hi)) : Size2{in(lo, hi), in(lo, hi)}; };
    // Groups that divide the channels most of the time, so most layers are valid.
    auto groups = [&](int out) {
        const int g = in(1, 4);
        return in(0, 3) == 0 || (in_channels % g == 0 && out % g == 0) ? g : 1;
    };
    Layer layer;
    switch (in(0, 3)) {
        case 0: {
            Conv2dOptions o;
            o.stride = in(0, 1) ? Size2{1, 1} : size(1, 3);
            o.dilation = in(0, 2) ? Size2{1, 1} : size(1, 3);
            o.mode = in(0, 1) ? PaddingMode::Zeros : PaddingMode(in(0, 3));
            o.rule = PaddingRule(in(0, 3));
            if (o.rule == PaddingRule::Explicit)
                o.pad = in(0, 1) ? Padding4::Symmetric(in(0, 3), in(0, 3)) : Padding4{in(0, 3), in(0, 3), in(0, 3), in(0, 3)};
            layer.kernel = size(1, 5);
            layer.out_channels = in(1, 6);
            o.groups = groups(layer.out_channels);
            layer.options = o;
            break;
        }
        case 1: {
            ConvTranspose2dOptions o;
            o.stride = size(1, 3);
            o.dilation = in(0, 2) ? Size2{1, 1} : size(1, 3);
            o.padding = size(0, 2);
            o.output_padding = in(0, 1) ? Size2{0, 0} : size(0, 2);
            layer.kernel = size(1, 5);
            layer.out_channels = in(1, 6);
            o.groups = groups(layer.out_channels);
            layer.options = o;
            break;
        }
        case 2: {
            MaxPool2dOptions o;
            o.kernel = size(1, 4);
            o.stride = in(0, 1) ? Size2{0, 0} : size(1, 3);
            o.padding = in(0, 1) ? Size2{0, 0} : size(0, 2);
            o.dilation = in(0, 2) ? Size2{1, 1} : size(1, 2);
            o.ceil_mode = in(0, 1);
            layer.options = o;
            break;
        }
        default: {
            AvgPool2dOptions o;
            o.kernel = size(1, 4);
            o.stride = in(0, 1) ? Size2{0, 0} : size(1, 3);
            o.padding = in(0, 1) ? Size2{0, 0} : size(0, 2);
            o.ceil_mode = in(0, 1);
            o.count_include_pad = in(0, 1);
            o.divisor_override = in(0, 3) ? 0 : in(-3, 12);
            layer.options = o;
            break;
        }
    }
    return layer;
}

// One to three layers on an input of 1..24 per side and 1..4 channels.
inline cp::Doc RandomDoc(std::mt19937& rng) {
    auto in = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    cp::Doc doc;
    doc.input = {in(1, 24), in(1, 24), in(1, 4), uint32_t(rng()), {}};
    doc.flip_kernel = in(0, 3) == 0;
    int c = doc.input.channels;
    const int layers = in(0, 1) ? 1 : in(2, 3);
    for (int i = 0; i < layers; ++i) {
        doc.layers.push_back(RandomLayer(rng, c));
        const cp::Layer& l = doc.layers.back();
        if (l.op() == cp::OpKind::Conv2d || l.op() == cp::OpKind::ConvTranspose2d) c = l.out_channels;
    }
    return doc;
}

}  // namespace cp_test
