// test_engine_abi.cpp — what crosses the C ABI (src/module/engine_abi.h), through
// the very functions the exports use: every enum and flag is range-checked
// with a message, the layout text names every field once, the shape-only
// pass refuses before any input exists, and a count from JS that is NaN or
// past int64 becomes a message without an undefined cast (UBSan in asan).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "module/engine_abi.h"
#include "engine/ops.h"

namespace {

cp::abi::EngineArgs ConvArgs() {
    cp::abi::EngineArgs a;
    a.op = int32_t(cp::OpKind::Conv2d);
    a.x_n = 1, a.x_c = 2, a.x_h = 5, a.x_w = 5;
    a.w_n = 3, a.w_c = 2, a.w_h = 3, a.w_w = 3;
    a.stride_h = a.stride_w = 1;
    a.dilation_h = a.dilation_w = 1;
    a.groups = 1;
    a.pad_top = a.pad_bottom = a.pad_left = a.pad_right = 1;
    return a;
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("abi: an out-of-range enum from JS is refused with a message, never cast") {
    cp::abi::EngineArgs a = ConvArgs();
    REQUIRE(cp::abi::DecodeArgs(a).ok());
    REQUIRE(cp::abi::PlanShape(cp::abi::DecodeArgs(a).value()).value() == cp::Shape{1, 3, 5, 5});

    for (int32_t bad : {4, 7, -1, std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min()}) {
        INFO("value ", bad);
        a = ConvArgs();
        a.mode = bad;
        const auto mode = cp::abi::DecodeArgs(a);
        REQUIRE_FALSE(mode.ok());
        CHECK(mode.error() == "mode " + std::to_string(bad) +
                                  " names no PaddingMode (expected 0 = zeros, 1 = reflect, 2 = replicate, 3 = circular)");
        a = ConvArgs();
        a.rule = bad;
        const auto rule = cp::abi::DecodeArgs(a);
        REQUIRE_FALSE(rule.ok());
        CHECK(StartsWith(rule.error(), "rule " + std::to_string(bad) + " names no PaddingRule (expected 0 = explicit"));
        a = ConvArgs();
        a.op = bad;
        const auto op = cp::abi::DecodeArgs(a);
        REQUIRE_FALSE(op.ok());
        CHECK(StartsWith(op.error(), "op " + std::to_string(bad) + " names no OpKind"));
    }
    a = ConvArgs();
    a.op = int32_t(cp::OpKind::MaxPool2d);
    a.kernel_h = a.kernel_w = 2;
    a.ceil_mode = 2;
    REQUIRE_FALSE(cp::abi::DecodeArgs(a).ok());
    CHECK(cp::abi::DecodeArgs(a).error() == "ceil_mode must be 0 or 1, got 2");
    a.ceil_mode = 1;
    CHECK(cp::abi::DecodeArgs(a).ok());
    a.bias_len = -3;
    CHECK_FALSE(cp::abi::DecodeArgs(a).ok());
}

TEST_CASE("abi: the engine itself refuses a padding mode or rule no enum value names") {
    // Callers other than the ABI (a Doc built by hand) may cast too: the plan
    // refuses instead of letting MaterialisePadding index with it.
    cp::Tensor x{{1, 1, 4, 4}, std::vector<float>(16, 1.0f)}, w{{1, 1, 3, 3}, std::vector<float>(9, 1.0f)};
    cp::Conv2dOptions o;
    o.pad = cp::Padding4::Symmetric(2, 2);
    o.mode = static_cast<cp::PaddingMode>(7);
    const auto y = cp::Conv2d(x.View(), w.View(), {}, o);
    REQUIRE_FALSE(y.ok());
    CHECK(y.error() == "padding mode 7 is not one of zeros, reflect, replicate, circular.");
    o.mode = cp::PaddingMode::Zeros;
    o.rule = static_cast<cp::PaddingRule>(-2);
    CHECK_FALSE(cp::Conv2d(x.View(), w.View(), {}, o).ok());
}

TEST_CASE("abi: the layout text names every field once, at its offset") {
    const std::string layout = cp::abi::LayoutText();
    CHECK(layout.find("op=0,") == 0);
    CHECK(layout.find("mode=" + std::to_string(offsetof(cp::abi::EngineArgs, mode)) + ",") != std::string::npos);
    CHECK(layout.find(";size=" + std::to_string(sizeof(cp::abi::EngineArgs))) != std::string::npos);
    std::set<std::string> names;
    size_t at = 0;
    const std::string fields = layout.substr(0, layout.find(';'));
    while (at < fields.size()) {
        const size_t end = std::min(fields.find(',', at), fields.size());
        const std::string item = fields.substr(at, end - at);
        CHECK(names.insert(item.substr(0, item.find('='))).second);
        at = end + 1;
    }
    CHECK(names.size() * sizeof(int32_t) == sizeof(cp::abi::EngineArgs));  // int32 fields, no padding

    const std::string enums = cp::abi::EnumNamesText();
    CHECK(enums ==
          "OpKind:conv=0,tconv=1,maxpool=2,avgpool=3;"
          "PaddingRule:explicit=0,same=1,valid=2,SAME=3,same-tf=3,same_tf=3,VALID=2;"
          "PaddingMode:zeros=0,reflect=1,replicate=2,circular=3");
}

TEST_CASE("abi: the shape-only pass refuses from shapes alone, bias length included") {
    cp::abi::EngineArgs a = ConvArgs();
    a.x_c = 1 << 13, a.x_h = a.x_w = 1 << 7;  // 2^27 values: past the element limit
    auto call = cp::abi::DecodeArgs(a);
    REQUIRE(call.ok());
    CHECK_FALSE(cp::abi::PlanShape(call.value()).ok());
    a = ConvArgs();
    a.bias_len = 2;  // 3 output channels
    call = cp::abi::DecodeArgs(a);
    REQUIRE(call.ok());
    CHECK_FALSE(cp::abi::PlanShape(call.value()).ok());
    a.bias_len = 3;
    CHECK(cp::abi::DecodeArgs(a).value().InputFloats() == 50 + 54 + 3);
}

TEST_CASE("abi: a scratch request that is NaN, infinite, negative, fractional or huge gets a message") {
    CHECK(cp::abi::ScratchRequestProblem(0).empty());
    CHECK(cp::abi::ScratchRequestProblem(1234).empty());
    CHECK(cp::abi::ScratchRequestProblem(std::nan("")) ==
          "the inputs cannot be sized: NaN is not a number of values");
    CHECK(cp::abi::ScratchRequestProblem(-1) == "the inputs cannot be sized: -1 is not a number of values");
    CHECK(cp::abi::ScratchRequestProblem(2.5) == "the inputs cannot be sized: 2.5 is not a number of values");
    CHECK(cp::abi::ScratchRequestProblem(1e30) ==
          "the inputs are too large for the engine (1e+30 values; at most 67108864 per tensor)");
    CHECK(cp::abi::ScratchRequestProblem(std::numeric_limits<double>::infinity()) ==
          "the inputs are too large for the engine (Infinity values; at most 67108864 per tensor)");
    CHECK(cp::abi::ScratchRequestProblem(double(int64_t(1) << 29)) ==
          "the inputs are too large for the engine (536870912 values; at most 67108864 per tensor)");
    CHECK(cp::abi::CountText(-1e300) == "-1e+300");
}
