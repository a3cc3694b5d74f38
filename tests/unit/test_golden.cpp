// test_golden.cpp — the ops and the reference kernels against PyTorch 1.13's
// answers in tests/golden (written by scripts/goldens.py; PyTorch is not needed here).
//
// Every case either has an output, which we must reproduce in shape and values,
// or PyTorch's error text, in which case we must refuse too (with our own message).
// Tolerance: |ours - torch| <= 1e-4 + 1e-4 * |torch| per element. Inputs are
// exact (2-decimal values), outputs are stored with 7 significant digits, and
// float32 sums of at most a few hundred terms of size ~1 stay well inside that.
//
// Index
//   [SECTION] LOADING      JSON -> tensors and options
//   [SECTION] COMPARING
//   [SECTION] CONV2D
//   [SECTION] TRANSPOSED
//   [SECTION] POOLING
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/geometry.h"
#include "engine/kernels.h"
#include "engine/names.h"
#include "engine/ops.h"

using json = nlohmann::json;

namespace {

// [SECTION] LOADING

constexpr double kAbsTol = 1e-4, kRelTol = 1e-4;

json LoadGolden(const char* name) {
    const std::string path = std::string(CONVPLAY_GOLDEN_DIR) + "/" + name + ".json";
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << path << " (scripts/goldens writes it)");
    json j = json::parse(in);
    REQUIRE(j.contains("cases"));
    return j;
}

float Value(const json& v) {
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s == "-inf") return -std::numeric_limits<float>::infinity();
        if (s == "inf") return std::numeric_limits<float>::infinity();
        return std::numeric_limits<float>::quiet_NaN();
    }
    return float(v.get<double>());
}

std::vector<float> Values(const json& a) {
    std::vector<float> v;
    v.reserve(a.size());
    for (const json& e : a) v.push_back(Value(e));
    return v;
}

cp::Shape ShapeOf(const json& a) { return {a[0].get<int>(), a[1].get<int>(), a[2].get<int>(), a[3].get<int>()}; }
cp::Size2 Size2Of(const json& a) { return {a[0].get<int>(), a[1].get<int>()}; }

cp::Tensor TensorOf(const json& c, const char* shape_key, const char* values_key) {
    cp::Tensor t{ShapeOf(c[shape_key]), Values(c[values_key])};
    REQUIRE(int64_t(t.data.size()) == t.shape.Count());
    return t;
}

// [SECTION] COMPARING

// Counts the elements outside tolerance, reporting the first few.
int Mismatches(const std::vector<float>& ours, const std::vector<float>& torch_values) {
    int bad = 0;
    for (size_t i = 0; i < ours.size() && i < torch_values.size(); ++i) {
        const double a = ours[i], e = torch_values[i];
        const bool same = (std::isinf(e) && a == e) || (std::isnan(e) && std::isnan(a)) ||
                          std::fabs(a - e) <= kAbsTol + kRelTol * std::fabs(e);
        if (!same && ++bad <= 3) MESSAGE("element " << i << ": ours " << a << ", torch " << e);
    }
    return bad;
}

// The shared verdict for one case: `ours` is the op's result, `reference` what
// the reference kernel wrote when the op accepted the case, `shape_only` the
// op's OutputShape function (null when the case is about the bias, which that
// function does not see).
void CheckCase(const json& c, const cp::Result<cp::Tensor>& ours, const std::vector<float>* reference,
               const cp::Result<cp::Shape>* shape_only) {
    if (c.contains("error")) {
        CHECK_MESSAGE(!ours.ok(), "PyTorch refuses this (" << c["error"].get<std::string>() << ") but we accepted it");
        if (shape_only) CHECK_MESSAGE(!shape_only->ok(), "the OutputShape function accepted a case PyTorch refuses");
        if (!ours.ok()) CHECK(!ours.error().empty());
        return;
    }
    REQUIRE_MESSAGE(ours.ok(), "we refused a case PyTorch accepts: " << ours.error());
    const cp::Shape want = ShapeOf(c["y_shape"]);
    CHECK(ours.value().shape == want);
    REQUIRE(shape_only);
    REQUIRE(shape_only->ok());
    CHECK(shape_only->value() == want);
    const std::vector<float> y = Values(c["y"]);
    REQUIRE(ours.value().data.size() == y.size());
    CHECK_MESSAGE(Mismatches(ours.value().data, y) == 0, "the op (through the *Fast kernel) disagrees with PyTorch");
    if (reference) {
        REQUIRE(reference->size() == y.size());
        CHECK_MESSAGE(Mismatches(*reference, y) == 0, "the reference kernel disagrees with PyTorch");
    }
}

// [SECTION] CONV2D

// The golden files spell enums with names.h's tokens (the rule's "same_tf" is an alias).
template <class E>
E EnumOf(const json& token) {
    const std::string s = token.get<std::string>();
    const std::optional<E> e = cp::EnumFromToken<E>(s);
    INFO("token: " << s);
    REQUIRE(e.has_value());
    return *e;
}

}  // namespace

TEST_CASE("golden conv2d: shapes, values and refusals match PyTorch 1.13") {
    const json g = LoadGolden("conv2d");
    int accepted = 0, refused = 0;
    for (const json& c : g["cases"]) {
        INFO("conv2d case: " << c["name"].get<std::string>());
        const cp::Tensor x = TensorOf(c, "x_shape", "x"), w = TensorOf(c, "w_shape", "w");
        const std::vector<float> bias = Values(c["bias"]);
        cp::Conv2dOptions o;
        o.stride = Size2Of(c["stride"]);
        o.rule = EnumOf<cp::PaddingRule>(c["rule"]);
        o.pad = {c["pad"][0].get<int>(), c["pad"][1].get<int>(), c["pad"][2].get<int>(), c["pad"][3].get<int>()};
        o.dilation = Size2Of(c["dilation"]);
        o.groups = c["groups"].get<int>();
        o.mode = EnumOf<cp::PaddingMode>(c["mode"]);
        const auto ours = cp::Conv2d(x.View(), w.View(), bias, o);
        // The same case through the reference kernel, on the plan's geometry.
        std::vector<float> ref;
        if (auto plan = cp::PlanConv2d(x.shape, w.shape, int64_t(bias.size()), o); plan.ok()) {
            const cp::Conv2dPlan& p = plan.value();
            ref.resize(size_t(p.out.Count()));
            const float* b = bias.empty() ? nullptr : bias.data();
            if (p.mode == cp::PaddingMode::Zeros) {
                cp::Conv2dReference(p.kernel, x.data.data(), w.data.data(), b, ref.data());
            } else {
                const auto padded = cp::Pad2d(x.View(), p.pad, p.mode);
                REQUIRE(padded.ok());
                cp::Conv2dReference(p.kernel, padded.value().data.data(), w.data.data(), b, ref.data());
            }
        }
        const auto shape = cp::Conv2dOutputShape(x.shape, w.shape, o);
        const bool bias_fits = bias.empty() || int(bias.size()) == w.shape.n;
        CheckCase(c, ours, ours.ok() ? &ref : nullptr, bias_fits ? &shape : nullptr);
        (c.contains("error") ? refused : accepted)++;
    }
    MESSAGE("conv2d golden cases: " << accepted << " computed, " << refused << " refused");
    CHECK(accepted >= 100);
    CHECK(refused >= 30);
}

// [SECTION] TRANSPOSED

TEST_CASE("golden conv_transpose2d: shapes, values and refusals match PyTorch 1.13") {
    const json g = LoadGolden("conv_transpose2d");
    int accepted = 0, refused = 0;
    for (const json& c : g["cases"]) {
        INFO("conv_transpose2d case: " << c["name"].get<std::string>());
        const cp::Tensor x = TensorOf(c, "x_shape", "x"), w = TensorOf(c, "w_shape", "w");
        const std::vector<float> bias = Values(c["bias"]);
        cp::ConvTranspose2dOptions o;
        o.stride = Size2Of(c["stride"]);
        o.padding = Size2Of(c["padding"]);
        o.output_padding = Size2Of(c["output_padding"]);
        o.dilation = Size2Of(c["dilation"]);
        o.groups = c["groups"].get<int>();
        const auto ours = cp::ConvTranspose2d(x.View(), w.View(), bias, o);
        std::vector<float> ref;
        if (auto plan = cp::PlanConvTranspose2d(x.shape, w.shape, int64_t(bias.size()), o); plan.ok()) {
            ref.resize(size_t(plan.value().out.Count()));
            cp::ConvTranspose2dReference(plan.value().kernel, x.data.data(), w.data.data(),
                                         bias.empty() ? nullptr : bias.data(), ref.data());
        }
        const auto shape = cp::ConvTranspose2dOutputShape(x.shape, w.shape, o);
        const bool bias_fits = bias.empty() || int64_t(bias.size()) == int64_t(w.shape.c) * o.groups;
        CheckCase(c, ours, ours.ok() ? &ref : nullptr, bias_fits ? &shape : nullptr);
        (c.contains("error") ? refused : accepted)++;
    }
    MESSAGE("conv_transpose2d golden cases: " << accepted << " computed, " << refused << " refused");
    CHECK(accepted >= 40);
    CHECK(refused >= 10);
}

// [SECTION] POOLING

TEST_CASE("golden max_pool2d: shapes, values and refusals match PyTorch 1.13") {
    const json g = LoadGolden("max_pool2d");
    int accepted = 0, refused = 0;
    for (const json& c : g["cases"]) {
        INFO("max_pool2d case: " << c["name"].get<std::string>());
        const cp::Tensor x = TensorOf(c, "x_shape", "x");
        cp::MaxPool2dOptions o;
        o.kernel = Size2Of(c["kernel"]);
        o.stride = Size2Of(c["stride"]);
        o.padding = Size2Of(c["padding"]);
        o.dilation = Size2Of(c["dilation"]);
        o.ceil_mode = c["ceil_mode"].get<bool>();
        const auto ours = cp::MaxPool2d(x.View(), o);
        std::vector<float> ref;
        if (auto plan = cp::PlanMaxPool2d(x.shape, o); plan.ok()) {
            ref.resize(size_t(plan.value().out.Count()));
            cp::MaxPool2dReference(plan.value().kernel, x.data.data(), ref.data());
        }
        const auto shape = cp::MaxPool2dOutputShape(x.shape, o);
        CheckCase(c, ours, ours.ok() ? &ref : nullptr, &shape);
        (c.contains("error") ? refused : accepted)++;
    }
    MESSAGE("max_pool2d golden cases: " << accepted << " computed, " << refused << " refused");
    CHECK(accepted >= 40);
    CHECK(refused >= 10);
}

TEST_CASE("golden avg_pool2d: shapes, values, divisors and refusals match PyTorch 1.13") {
    const json g = LoadGolden("avg_pool2d");
    int accepted = 0, refused = 0;
    for (const json& c : g["cases"]) {
        INFO("avg_pool2d case: " << c["name"].get<std::string>());
        const cp::Tensor x = TensorOf(c, "x_shape", "x");
        cp::AvgPool2dOptions o;
        o.kernel = Size2Of(c["kernel"]);
        o.stride = Size2Of(c["stride"]);
        o.padding = Size2Of(c["padding"]);
        o.ceil_mode = c["ceil_mode"].get<bool>();
        o.count_include_pad = c["count_include_pad"].get<bool>();
        o.divisor_override = c["divisor_override"].get<int>();
        const auto ours = cp::AvgPool2d(x.View(), o);
        std::vector<float> ref;
        if (auto plan = cp::PlanAvgPool2d(x.shape, o); plan.ok()) {
            ref.resize(size_t(plan.value().out.Count()));
            cp::AvgPool2dReference(plan.value().kernel, x.data.data(), ref.data());
        }
        const auto shape = cp::AvgPool2dOutputShape(x.shape, o);
        CheckCase(c, ours, ours.ok() ? &ref : nullptr, &shape);
        (c.contains("error") ? refused : accepted)++;
    }
    MESSAGE("avg_pool2d golden cases: " << accepted << " computed, " << refused << " refused");
    CHECK(accepted >= 40);
    CHECK(refused >= 10);
}
