// test_stack.cpp — the layer stack: receptive fields through convs, pools and
// transposed convs against brute force (perturb one input pixel, see which
// outputs change, through the engine's own ops), StackSummary against
// PyTorch's shapes and parameter counts (tests/golden/stacks.json), and stack
// links that round-trip through the codec.
//
// [SECTION] Receptive fields vs brute force
// [SECTION] StackSummary vs PyTorch
// [SECTION] Codec
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/geometry.h"
#include "engine/receptive.h"
#include "engine/ops.h"
#include "state/formats/codec.h"
#include "state/formats/presets.h"
#include "state/model/limits.h"
#include "state/analysis/stack.h"

namespace {

using namespace cp;

// [SECTION] Receptive fields vs brute force

struct Op1 {  // one layer along the height axis (width 1)
    int kind = 0;  // 0 conv, 1 tconv, 2 max pool, 3 avg pool
    StackLayer axis;
};

// Runs the 1-D stack on an input that is zero but for a 1 at `pixel` (-1:
// none), with all-ones weights: every op is monotone, so an output is
// non-zero exactly when it depends on that pixel. Returns each layer's output.
std::vector<std::vector<float>> Run(const std::vector<Op1>& ops, int in, int pixel) {
    Tensor x{{1, 1, in, 1}, std::vector<float>(size_t(in), 0.0f)};
    if (pixel >= 0) x.data[size_t(pixel)] = 1;
    std::vector<std::vector<float>> outs;
    for (const Op1& op : ops) {
        const StackLayer& a = op.axis;
        Result<Tensor> y = Result<Tensor>::Fail("");
        if (op.kind == 0 || op.kind == 1) {
            Tensor w{{1, 1, a.kernel, 1}, std::vector<float>(size_t(a.kernel), 1.0f)};
            if (op.kind == 0) {
                Conv2dOptions o;
                o.stride = {a.stride, 1}, o.pad = {a.pad_lo, a.pad_hi, 0, 0}, o.dilation = {a.dilation, 1};
                y = Conv2d(x.View(), w.View(), {}, o);
            } else {
                ConvTranspose2dOptions o;
                o.stride = {a.stride, 1}, o.padding = {a.pad_lo, 0}, o.dilation = {a.dilation, 1};
                o.output_padding = {a.output_padding, 0};
                y = ConvTranspose2d(x.View(), w.View(), {}, o);
            }
        } else if (op.kind == 2) {
            MaxPool2dOptions o;
            o.kernel = {a.kernel, 1}, o.stride = {a.stride, 1}, o.padding = {a.pad_lo, 0};
            o.dilation = {a.dilation, 1}, o.ceil_mode = a.rounding == Rounding::Ceil;
            y = MaxPool2d(x.View(), o);
        } else {
            AvgPool2dOptions o;
            o.kernel = {a.kernel, 1}, o.stride = {a.stride, 1}, o.padding = {a.pad_lo, 0};
            o.ceil_mode = a.rounding == Rounding::Ceil;
            y = AvgPool2d(x.View(), o);
        }
        if (!y.ok()) return {};
        x = std::move(y.value());
        // A max pool over zeros and padding gives 0 or -inf: no dependency either way.
        outs.push_back(x.data);
    }
    return outs;
}

std::vector<Op1> RandomStack(std::mt19937& rng, bool dilated) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    std::vector<Op1> ops(size_t(pick(1, 4)));
    for (Op1& op : ops) {
        op.kind = pick(0, 3);
        StackLayer& a = op.axis;
        a.kernel = pick(1, 4);
        a.stride = pick(1, 3);
        a.dilation = dilated && op.kind != 3 ? pick(1, 2) : 1;
        if (op.kind == 1) {
            a.transposed = true;
            a.pad_lo = a.pad_hi = pick(0, 2);
            a.output_padding = pick(0, std::max(a.stride, a.dilation) - 1);
        } else if (op.kind == 0) {
            a.pad_lo = pick(0, 2), a.pad_hi = pick(0, 2);
        } else {
            a.pad_lo = a.pad_hi = pick(0, a.kernel / 2);  // PyTorch: pool padding <= half the kernel
            a.rounding = pick(0, 1) ? Rounding::Ceil : Rounding::Floor;
        }
    }
    return ops;
}

// Whether output o of layer `layer` is an interior output: carried back, its
// span stays inside every layer's real outputs (no padding, no crop), so
// nothing clips it and the unclipped field must be exact.
bool Interior(const std::vector<StackLayer>& axes, const std::vector<int>& sizes, size_t layer, int64_t o) {
    for (size_t i = layer + 1; i-- > 0;) {
        // The span in layer i's input: the stack from layer i to `layer`.
        const std::vector<StackLayer> part(axes.begin() + long(i), axes.begin() + long(layer) + 1);
        const FieldSpan g = FieldOf(part, layer - i, o);
        if (g.Empty() || g.lo < 0 || g.hi >= sizes[i]) return false;  // sizes[i]: layer i's input
    }
    return true;
}

}  // namespace

TEST_CASE("receptive fields through convs, pools and transposed convs match perturbing each input pixel") {
    std::mt19937 rng(20261125);
    int stacks = 0, checked_tight = 0, with_transposed = 0;
    for (int trial = 0; trial < 400; ++trial) {
        const bool dilated = trial % 3 == 0;
        const std::vector<Op1> ops = RandomStack(rng, dilated);
        const int in = std::uniform_int_distribution<int>(6, 24)(rng);
        std::vector<StackLayer> axes;
        for (const Op1& op : ops) axes.push_back(op.axis);
        const auto fields = ReceptiveFieldStack(in, axes);
        const auto base = Run(ops, in, -1);
        if (!fields.ok()) {
            CHECK(base.empty());  // the engine refuses the same stacks
            continue;
        }
        REQUIRE(base.size() == ops.size());
        ++stacks;
        std::vector<int> sizes{in};
        for (const ReceptiveField& f : fields.value()) sizes.push_back(f.out);
        bool transposed = false, holes = dilated;
        for (const Op1& op : ops) {
            transposed |= op.kind == 1;
            // A window that skips inputs (stride > kernel) leaves holes a span does not show.
            holes |= op.kind != 1 && op.axis.kernel < op.axis.stride;
        }
        with_transposed += transposed;
        // deps[l][o]: the input pixels output o of layer l depends on.
        std::vector<std::vector<std::vector<int>>> deps(ops.size());
        for (size_t l = 0; l < ops.size(); ++l) deps[l].resize(size_t(fields.value()[l].out));
        for (int pixel = 0; pixel < in; ++pixel) {
            const auto outs = Run(ops, in, pixel);
            REQUIRE(outs.size() == ops.size());
            for (size_t l = 0; l < ops.size(); ++l)
                for (size_t o = 0; o < outs[l].size(); ++o)
                    if (outs[l][o] > 0) deps[l][o].push_back(pixel);
        }
        for (size_t l = 0; l < ops.size(); ++l) {
            const ReceptiveField& f = fields.value()[l];
            CHECK(int(base[l].size()) == f.out);
            for (int64_t o = 0; o < f.out; ++o) {
                const FieldSpan span = FieldOf(axes, l, o);
                const std::vector<int>& d = deps[l][size_t(o)];
                std::string desc;
                for (const Op1& op : ops)
                    desc += std::to_string(op.kind) + ":k" + std::to_string(op.axis.kernel) + "s" + std::to_string(op.axis.stride) +
                            "p" + std::to_string(op.axis.pad_lo) + "," + std::to_string(op.axis.pad_hi) + "d" +
                            std::to_string(op.axis.dilation) + "op" + std::to_string(op.axis.output_padding) + " ";
                INFO("trial " << trial << " in " << in << " layer " << l << " output " << o << ": " << desc);
                // Every dependency lies in the span; no span is longer than `size`.
                for (const int p : d) CHECK((p >= span.lo && p <= span.hi));
                CHECK(span.Size() <= f.size);
                CHECK(span.Size() >= f.size_min);
                // The period: the span repeats, shifted by period * jump pixels.
                if (o + f.period < f.out) {
                    const FieldSpan later = FieldOf(axes, l, o + f.period);
                    const Ratio shift = Ratio::Of(f.period * f.jump.num, f.jump.den);
                    REQUIRE(shift.IsInteger());
                    if (!span.Empty()) CHECK(later.lo == span.lo + shift.num);
                }
                // Exact (tight) where nothing clips it and nothing leaves holes.
                if (!holes && Interior(axes, sizes, l, o)) {
                    ++checked_tight;
                    REQUIRE(!d.empty());
                    CHECK(d.front() == span.lo);
                    CHECK(d.back() == span.hi);
                    CHECK(int64_t(d.size()) == span.Size());  // no holes either
                }
            }
            CHECK(f.start == FieldOf(axes, l, 0).lo);
        }
    }
    MESSAGE(stacks << " stacks (" << with_transposed << " with transposed convs), " << checked_tight
                   << " interior outputs held to their exact field");
    CHECK(stacks > 100);
    CHECK(with_transposed > 30);
    CHECK(checked_tight > 500);
}

TEST_CASE("receptive field: jump is an exact fraction through transposed convs; centres are exact") {
    // conv 3 p1, pool 2, tconv k2 s2: jump 1, 2, 1; tconv k4 s2 p1 after that: 1/2.
    const std::vector<StackLayer> axes = {
        {3, 1, 1, 1, 1}, {2, 2, 0, 0, 1}, {2, 2, 0, 0, 1, Rounding::Floor, true, 0}, {4, 2, 1, 1, 1, Rounding::Floor, true, 0}};
    const auto f = ReceptiveFieldStack(16, axes);
    REQUIRE(f.ok());
    CHECK(f.value()[0].jump == 1);
    CHECK(f.value()[1].jump == 2);
    CHECK(f.value()[2].jump == 1);
    CHECK(f.value()[3].jump == Ratio{1, 2});
    CHECK(f.value()[3].jump.Text() == "1/2");
    CHECK(f.value()[3].out == 32);
    // The k2 s2 transposed conv copies each pooled pixel's field to two outputs: 4 pixels, not 5.
    CHECK(f.value()[2].size == 4);
    CHECK(f.value()[2].size_min == 4);
    CHECK(f.value()[2].period == 2);
    // conv 3 p1: output 0 is centred on pixel 0; the pool's on 0.5.
    CHECK(f.value()[0].centre == 0);
    CHECK(f.value()[1].centre == Ratio{1, 2});
    CHECK(Ratio::Of(6, -4) == Ratio{-3, 2});
    CHECK(Ratio::Of(6, -4).Text() == "-3/2");
}

// [SECTION] StackSummary vs PyTorch

TEST_CASE("StackSummary of every Networks preset matches PyTorch's shapes and parameter counts") {
    std::ifstream file(std::string(CONVPLAY_GOLDEN_DIR) + "/stacks.json");
    REQUIRE(file.good());
    const nlohmann::json golden = nlohmann::json::parse(file);
    int presets = 0;
    for (const auto& c : golden["cases"]) {
        const std::string id = c["preset"].get<std::string>();
        INFO(id);
        const Preset* p = FindPreset(id);
        REQUIRE(p);
        Doc doc;
        View view;
        CHECK(DecodeState(PresetLink(*p), doc, view).notices.empty());
        const StackSummary s = SummarizeStack(doc, PlanDoc(doc));
        CHECK(s.input.c == c["input"][0].get<int>());
        CHECK(s.input.h == c["input"][1].get<int>());
        CHECK(s.input.w == c["input"][2].get<int>());
        REQUIRE(s.rows.size() == c["layers"].size());
        int64_t params = 0;
        for (size_t i = 0; i < s.rows.size(); ++i) {
            const auto& g = c["layers"][i];
            const StackRow& r = s.rows[i];
            INFO("layer " << i + 1 << " " << r.label);
            CHECK(r.ok == g.contains("out"));
            if (r.ok) {
                CHECK(r.out.c == g["out"][0].get<int>());
                CHECK(r.out.h == g["out"][1].get<int>());
                CHECK(r.out.w == g["out"][2].get<int>());
                CHECK(r.params == g["params"].get<int64_t>());
                params += r.params;
            }
        }
        CHECK(s.params == params);
        // A stack PyTorch stops, stops at the same layer, with a warning naming it.
        size_t stop = 0;
        while (stop < s.rows.size() && c["layers"][stop].contains("out")) ++stop;
        if (stop < s.rows.size()) {
            CHECK(s.stopped_at == int(stop));
            REQUIRE(!s.warnings.empty());
            CHECK(s.warnings.back().find("layer " + std::to_string(stop + 1) + " (") == 0);
        } else {
            CHECK(s.stopped_at == -1);
        }
        ++presets;
    }
    CHECK(presets >= 7);
}

TEST_CASE("StackSummary: textbook fields, collapse warnings and the one-conv comparison") {
    Doc doc;
    View view;
    REQUIRE(DecodeState(PresetLink(*FindPreset("alexnet")), doc, view).notices.empty());
    StackSummary s = SummarizeStack(doc, PlanDoc(doc));
    REQUIRE(s.rows.size() == 8);
    const int rf[] = {11, 19, 51, 67, 99, 131, 163, 195}, jump[] = {4, 8, 8, 16, 16, 16, 16, 32};
    for (size_t i = 0; i < 8; ++i) {
        CHECK(s.rows[i].rf_h.size == rf[i]);
        CHECK(s.rows[i].rf_w.jump == jump[i]);
    }
    CHECK(s.rows[0].macs == int64_t(64) * 55 * 55 * 3 * 121);
    CHECK(!s.rows[0].drawable);  // 228 cells: larger than a picture, still in the table
    CHECK(s.rows[2].drawable);
    CHECK(!s.values);

    REQUIRE(DecodeState(PresetLink(*FindPreset("two-3x3-vs-5x5")), doc, view).notices.empty());
    s = SummarizeStack(doc, PlanDoc(doc));
    CHECK(s.rows.back().rf_h.size == 5);
    CHECK(s.params == 18496);
    REQUIRE(s.single);
    CHECK(s.single_kernel == Size2{5, 5});
    CHECK(s.single_params == 25632);

    REQUIRE(DecodeState(PresetLink(*FindPreset("lenet-5")), doc, view).notices.empty());
    s = SummarizeStack(doc, PlanDoc(doc));
    CHECK(s.rows.back().rf_h.size == 32);  // the last conv sees the whole input
    REQUIRE(s.warnings.size() == 1);
    CHECK(s.warnings[0].find("layer 5 (conv 5\xC3\x97" "5") == 0);
    CHECK(s.warnings[0].find("collapses to 1\xC3\x97" "1") != std::string::npos);
    CHECK(s.values);

    const std::string json = StackJson(s);
    CHECK(json.find("\"out\":[120,1,1]") != std::string::npos);
    CHECK(nlohmann::json::parse(json)["layers"].size() == 5);
}

// [SECTION] Codec

TEST_CASE("codec: stacks round-trip with every layer's parameters; one-layer links are unchanged") {
    Doc doc = DefaultDoc();
    Layer a;  // conv with per-side padding, reflect, groups, dilation, weight edits
    Conv2dOptions c;
    c.pad = {1, 2, 0, 1}, c.mode = PaddingMode::Reflect, c.groups = 2, c.dilation = {1, 2}, c.stride = {2, 1};
    a.options = c, a.kernel = {3, 2}, a.out_channels = 4, a.weight_edits = {{1, 0, 0, 1, -7}};
    Layer b;  // tconv with output padding
    ConvTranspose2dOptions t;
    t.stride = {2, 3}, t.padding = {1, 0}, t.output_padding = {1, 2};
    b.options = t, b.kernel = {3, 3}, b.out_channels = 2;
    Layer m;  // max pool, ceil
    MaxPool2dOptions mo;
    mo.kernel = {2, 2}, mo.ceil_mode = true, mo.padding = {1, 1};
    m.options = mo;
    Layer v;  // avg pool: cip, divisor
    AvgPool2dOptions ao;
    ao.kernel = {3, 3}, ao.stride = {1, 1}, ao.count_include_pad = false, ao.divisor_override = 5;
    v.options = ao;
    Layer same;
    Conv2dOptions so;
    so.rule = PaddingRule::SameTF, so.stride = {2, 2};
    same.options = so;
    doc.input.channels = 2;
    doc.input.h = doc.input.w = 12;
    doc.layers = {doc.layers[0], a, b, m, v, same};
    doc.layers[0].out_channels = 4;
    REQUIRE(Sanitize(doc).empty());
    View view;
    view.layer = 3;
    const std::string text = EncodeState(doc, view);
    CHECK(text.find("layers=6") != std::string::npos);
    CHECK(text.find("L1.p=1,2,0,1") != std::string::npos);
    CHECK(text.find("L2.opad=1x2") != std::string::npos);
    CHECK(text.find("L5.p=SAME") != std::string::npos);
    CHECK(text.find("layer=3") != std::string::npos);
    Doc back;
    View bview;
    const auto r = DecodeState(text, back, bview);
    CHECK_MESSAGE(r.notices.empty(), (r.notices.empty() ? "" : r.notices[0].text));
    CHECK(back == doc);
    CHECK(bview.layer == 3);
    CHECK(EncodeState(back, bview) == text);

    // ApplyState on a stack: a later layer's key edits that layer only.
    CHECK(ApplyState("L3.k=3", back, bview).notices.empty());
    CHECK(KernelOf(back.layers[3]) == Size2{3, 3});
    CHECK(back.layers[2] == doc.layers[2]);
    // Removing layers by link.
    CHECK(ApplyState("layers=2", back, bview).notices.empty());
    CHECK(back.layers.size() == 2);

    // A one-layer document never writes a stack key.
    Doc one = DefaultDoc();
    CHECK(EncodeState(one, View{}) == "v=1");
}

TEST_CASE("codec: hostile stacks are bounded and explained") {
    struct Case {
        const char* text;
        size_t layers;
        const char* says;
    };
    const Case cases[] = {
        {"layers=99999", 1024, "more than 1024"},
        {"layers=2&L9999.k=5", 2, "at most 1024 layers"},
        {"layers=2&L-1.s=2", 2, "not a layer key"},
        {"layers=2&L1.k=5&L1.k=7", 2, "L1.k is given 2 times"},
        {"L1.k=5", 1, "the link has 1 layer"},
        {"layers=2&L0.k=5", 2, "no prefix"},
        {"layers=2&L1.in=5", 2, "not a key of a layer"},
        {"layers=2&L1.op=maxpool&L1.cout=3", 2, "does not apply"},
        {"layers=16&in=99999999&L3.k=99", 16, "more than 16777216"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        Doc doc;
        View view;
        const auto r = DecodeState(c.text, doc, view);
        CHECK(doc.layers.size() == c.layers);
        bool found = false;
        for (const Notice& n : r.notices) found |= n.text.find(c.says) != std::string::npos;
        CHECK(found);
    }
    Doc doc;
    View view;
    DecodeState("layers=2&L1.k=5&L1.k=7", doc, view);
    CHECK(KernelOf(doc.layers[1]) == Size2{7, 7});  // the last one wins
}

// [SECTION] The cone of one output cell

TEST_CASE("FieldCone: each output's cone on the input is what perturbing each input pixel shows; deeper maps agree with the sub-stack") {
    // conv box 3 p1 -> avgpool 2 -> conv box 3 s2 p0 -> tconv box 2 s2: every op
    // strictly increasing in each input it reads (positive weights), so an
    // output changes exactly when a pixel of its field changes.
    Doc doc;
    doc.input = {13, 11, 1, 7, {}};
    auto conv = [](int k, int s, int p) {
        Layer l;
        Conv2dOptions o;
        o.stride = {s, s}, o.pad = Padding4::Symmetric(p, p);
        l.options = o, l.kernel = {k, k}, l.kernel_preset = KernelPreset::Box;
        return l;
    };
    Layer pool;
    AvgPool2dOptions po;
    po.kernel = {2, 2};
    pool.options = po;
    Layer up;
    ConvTranspose2dOptions to;
    to.stride = {2, 2};
    up.options = to, up.kernel = {2, 2}, up.kernel_preset = KernelPreset::Box;
    doc.layers = {conv(3, 1, 1), pool, conv(3, 2, 0), up};
    Workspace ws;
    const std::vector<LayerPlan> base = PlanDoc(doc, nullptr, &ws);
    REQUIRE(base.size() == 4);
    for (const LayerPlan& p : base) REQUIRE(!p.output.data.empty());
    // deps[l][cell]: the input pixels (y * w + x) whose change changes output cell of layer l.
    std::vector<std::vector<std::vector<int>>> deps(4);
    for (size_t l = 0; l < 4; ++l) deps[l].resize(base[l].output.data.size());
    for (int y = 0; y < doc.input.h; ++y)
        for (int x = 0; x < doc.input.w; ++x) {
            Doc poked = doc;
            poked.input.edits = {{0, 0, y, x, kMaxCellValue}};
            const std::vector<LayerPlan> p = PlanDoc(poked, nullptr, &ws);
            for (size_t l = 0; l < 4; ++l)
                for (size_t i = 0; i < p[l].output.data.size(); ++i)
                    if (std::abs(p[l].output.data[i] - base[l].output.data[i]) > 1e-4f) deps[l][i].push_back(y * doc.input.w + x);
        }
    int cells = 0;
    for (int l = 0; l < 4; ++l) {
        const Shape out = base[size_t(l)].out.value();
        for (int oy = 0; oy < out.h; ++oy)
            for (int ox = 0; ox < out.w; ++ox) {
                const std::vector<ConeMap> cone = FieldCone(doc, base, l, oy, ox);
                REQUIRE(cone.size() == size_t(l + 1));
                const ConeMap& in = cone.front();
                CHECK(in.map == 0);
                CHECK(in.shape.h == doc.input.h);
                // The tightest box around the pixels that matter is the span clipped to the picture.
                const std::vector<int>& d = deps[size_t(l)][size_t(oy) * size_t(out.w) + size_t(ox)];
                INFO("layer " << l << " output (" << oy << ", " << ox << ")");
                REQUIRE(!d.empty());
                int y0 = 1 << 30, y1 = -1, x0 = 1 << 30, x1 = -1;
                for (const int p : d) {
                    y0 = std::min(y0, p / doc.input.w), y1 = std::max(y1, p / doc.input.w);
                    x0 = std::min(x0, p % doc.input.w), x1 = std::max(x1, p % doc.input.w);
                }
                CHECK(y0 == std::max<int64_t>(in.rows.lo, 0));
                CHECK(y1 == std::min<int64_t>(in.rows.hi, doc.input.h - 1));
                CHECK(x0 == std::max<int64_t>(in.cols.lo, 0));
                CHECK(x1 == std::min<int64_t>(in.cols.hi, doc.input.w - 1));
                ++cells;
                // Map j of the cone is the cone of the stack that starts there.
                for (int j = 1; j <= l; ++j) {
                    Doc rest;
                    rest.input = {base[size_t(j)].in.h, base[size_t(j)].in.w, base[size_t(j)].in.c, 1, {}};
                    rest.layers.assign(doc.layers.begin() + j, doc.layers.end());
                    const std::vector<ConeMap> sub = FieldCone(rest, PlanDoc(rest), l - j, oy, ox);
                    REQUIRE(!sub.empty());
                    CHECK(cone[size_t(j)].rows.lo == sub.front().rows.lo);
                    CHECK(cone[size_t(j)].rows.hi == sub.front().rows.hi);
                    CHECK(cone[size_t(j)].cols.lo == sub.front().cols.lo);
                    CHECK(cone[size_t(j)].cols.hi == sub.front().cols.hi);
                    CHECK(cone[size_t(j)].shape == base[size_t(j)].in);
                }
            }
        CHECK(FieldCone(doc, base, l, out.h, 0).empty());  // outside the map
    }
    CHECK(cells > 100);
    CHECK(FieldCone(doc, base, 4, 0, 0).empty());
}
