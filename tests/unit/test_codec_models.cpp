// test_codec_models.cpp — links carry every layer kind: each golden model
// (tests/golden/models, pasted as test_code_models.cpp pastes it) written as a
// link and read back is the same document, with the same planned shapes and
// parameters; hostile values in the layer keys are bounded with a notice.
//
// Index
//   [SECTION] HELPERS
//   [SECTION] GOLDEN MODELS ROUND-TRIP
//   [SECTION] THE LAYER KEYS, ONE BY ONE
//   [SECTION] HOSTILE VALUES
//   [SECTION] SIDE BRANCHES
//   [SECTION] THE KEY TABLE
#include <doctest/doctest.h>

#include "read_text.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "state/commit.h"
#include "state/analysis/stack.h"
#include "state/formats/code.h"
#include "state/formats/codec.h"
#include "decoded.h"
#include "state/formats/codec_keys.h"
#include "state/formats/embed.h"
#include "state/model/sanitize.h"

namespace {

using namespace cp;
using namespace codec_test;

// [SECTION] HELPERS

// The paste test_code_models.cpp makes of a golden: a printout under an input
// line, or a tutorial's source.
std::string GoldenPaste(const std::string& name) {
    const std::string dir = std::string(CONVPLAY_GOLDEN_DIR) + "/models/";
    std::string paste = ReadText(dir + name + ".txt");
    if (paste.empty()) return ReadText(dir + name + ".py");
    std::ifstream in(dir + name + ".json");
    const nlohmann::json j = nlohmann::json::parse(in);
    const nlohmann::json& s = j["input"];
    return "x = torch.randn(" + std::to_string(int(s[0])) + ", " + std::to_string(int(s[1])) + ", " +
           std::to_string(int(s[2])) + ", " + std::to_string(int(s[3])) + ")\n" + paste;
}

Doc PastedDoc(const std::string& name) {
    const CodeImport r = ImportCode(GoldenPaste(name), DefaultDoc());
    REQUIRE_MESSAGE(r.doc.ok(), name << ": " << r.doc.error());
    Doc doc = r.doc.value();
    Sanitize(doc);
    return doc;
}

const char* const kGoldens[] = {"alexnet",       "vgg16_bn",  "resnet18",  "resnet50",        "mobilenet_v2", "efficientnet_b0",
                                "squeezenet1_0", "googlenet", "cifar_net", "dcgan_generator", "unet_encoder"};

}  // namespace

// [SECTION] GOLDEN MODELS ROUND-TRIP

TEST_CASE("codec models: every golden model's link reads back as the same document, shapes and parameters") {
    for (const std::string name : kGoldens) {
        INFO(name);
        const Doc doc = PastedDoc(name);
        const std::string link = EncodeState(doc, View{});
        const Decoded back = Decode(link);
        CHECK_MESSAGE(back.notices.empty(), AllText(back.notices));
        CHECK(back.doc == doc);
        CHECK(EncodeState(back.doc, View{}) == link);
        const std::vector<LayerPlan> a = PlanDoc(doc), b = PlanDoc(back.doc);
        REQUIRE(a.size() == b.size());
        int64_t params = 0;
        for (size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].out.ok() == b[i].out.ok());
            if (a[i].out.ok() && b[i].out.ok()) CHECK(a[i].out.value() == b[i].out.value());
            CHECK(a[i].params == b[i].params);
            CHECK(a[i].macs == b[i].macs);
            params += b[i].params;
        }
        CHECK(params > 0);
        // Pasting goes through the same door: what a link to it opens.
        CHECK(ThroughCodec(doc) == doc);
        MESSAGE(name << ": " << doc.layers.size() << " layers, link of " << link.size() << " characters");
        if (std::getenv("CONVPLAY_DUMP_LINKS")) std::ofstream(std::string(std::getenv("CONVPLAY_DUMP_LINKS")) + "/" + name + ".link") << link;
    }
}

TEST_CASE("codec models: a pasted model keeps its undrawn layers through ThroughCodec") {
    const CodeImport r = ImportCode(GoldenPaste("resnet18"), DefaultDoc());
    REQUIRE(r.doc.ok());
    std::vector<Notice> notices;
    const Doc doc = ThroughCodec(r.doc.value(), &notices);
    CHECK(doc.layers.size() == r.doc.value().layers.size());
    CHECK(KindName(doc.layers[1]) == "BatchNorm2d");
    CHECK(doc.layers.back().kind() == LayerKind::Linear);
}

TEST_CASE("codec models: setState on a pasted model changes only the keys it gives") {
    const Doc doc = PastedDoc("resnet50");
    Doc changed = doc;
    View view;
    CHECK_MESSAGE(ApplyState("k=5&L3.s=1", changed, view).notices.empty(), "no repairs");
    REQUIRE(changed.layers.size() == doc.layers.size());
    CHECK(changed.layers[0].kernel == Size2{5, 5});
    CHECK(StrideOf(changed.layers[3]) == Size2{1, 1});
    for (size_t i = 0; i < doc.layers.size(); ++i)
        if (i != 0 && i != 3) CHECK_MESSAGE(changed.layers[i] == doc.layers[i], "layer " << i << " " << KindName(doc.layers[i]));
}

// [SECTION] THE LAYER KEYS, ONE BY ONE

TEST_CASE("codec models: each undrawn kind's keys, written terse and read back") {
    Doc doc = DefaultDoc();
    doc.input.h = doc.input.w = 8, doc.input.channels = 4;
    doc.layers[0].out_channels = 6;
    doc.layers.push_back(LayerOf(PassThroughOptions{"BatchNorm2d", "6, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True", 12}));  // all derived
    doc.layers.push_back(LayerOf(PassThroughOptions{"ReLU", "inplace=True", 0}));  // args written
    doc.layers.push_back(LayerOf(PassThroughOptions{"my act", "a&b=c %", 5}));      // not a class name
    doc.layers.push_back(LayerOf(Pad2dOptions{{1, 2, -1, 0}, PaddingMode::Zeros, 0.5f}));
    doc.layers.push_back(LayerOf(Pad2dOptions{Padding4::Symmetric(1, 1), PaddingMode::Reflect, 0}));
    doc.layers.push_back(LayerOf(UpsampleOptions{{2, 3}, {0, 0}}));
    doc.layers.push_back(LayerOf(UpsampleOptions{{2, 2}, {20, 30}}));
    doc.layers.push_back(LayerOf(AdaptivePool2dOptions{{1, 1}, true}));
    doc.layers.push_back(LayerOf(AdaptivePool2dOptions{{0, 1}, false}));
    doc.layers.push_back(LayerOf(FlattenOptions{}));
    doc.layers.push_back(LayerOf(LinearOptions{6, 10}));  // in_features from the chain
    doc.layers.push_back(LayerOf(LinearOptions{0, 3}));   // LazyLinear
    doc.layers.back().bias = false;
    REQUIRE(Sanitize(doc).empty());
    const std::string link = EncodeState(doc, View{});
    INFO(link);
    CHECK(link.find("L1.op=BatchNorm2d&") != std::string::npos);
    CHECK(link.find("L1.args") == std::string::npos);
    CHECK(link.find("L1.np") == std::string::npos);
    CHECK(link.find("L2.op=ReLU&L2.args=inplace=True&") != std::string::npos);
    CHECK(link.find("L3.op=pass&L3.name=my+act&L3.args=a%26b=c+%25&L3.np=5") != std::string::npos);
    CHECK(link.find("L4.op=pad&L4.p=1,2,-1,0&L4.fill=0.5") != std::string::npos);
    CHECK(link.find("L5.op=pad&L5.p=1&L5.pm=reflect") != std::string::npos);
    CHECK(link.find("L6.op=up&L6.sf=2x3") != std::string::npos);
    CHECK(link.find("L7.op=up&L7.out=20x30") != std::string::npos);
    CHECK(link.find("L8.op=adaptmax&L9") != std::string::npos);
    CHECK(link.find("L9.op=adaptavg&L9.out=0x1") != std::string::npos);
    CHECK(link.find("L10.op=flatten&L11.op=linear&L11.cout=10&L12") != std::string::npos);
    CHECK(link.find("L12.op=linear&L12.cout=3&L12.bias=0&L12.fin=0") != std::string::npos);
    const Decoded back = Decode(link);
    CHECK_MESSAGE(back.notices.empty(), AllText(back.notices));
    CHECK(back.doc == doc);
    // A layer 0 of an undrawn kind has unprefixed keys, like any layer 0.
    Doc head;
    head.layers = {LayerOf(LinearOptions{0, 5})};
    const std::string one = EncodeState(head, View{});
    CHECK(one == "v=1&op=linear&cout=5&fin=0");
    CHECK(Decode(one).doc == head);
}

TEST_CASE("codec models: setState switches a layer's kind, and a new class name derives its counts again") {
    Doc doc = DefaultDoc();
    View view;
    doc.input.channels = 3;
    doc.layers[0].out_channels = 8;
    doc.layers.push_back(LayerOf(PassThroughOptions{"ReLU", "", 0}));
    REQUIRE(ApplyState("L1.op=BatchNorm2d", doc, view).notices.empty());
    const auto& bn = std::get<PassThroughOptions>(doc.layers[1].options);
    CHECK(bn.name == "BatchNorm2d");
    CHECK(bn.args == "8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True");
    CHECK(bn.params == 16);
    REQUIRE(ApplyState("L1.op=linear&L1.cout=4", doc, view).notices.empty());
    CHECK(std::get<LinearOptions>(doc.layers[1].options).out_features == 4);
}

// [SECTION] HOSTILE VALUES

TEST_CASE("codec models: hostile values in the layer keys get a notice and a working, bounded state") {
    struct Case {
        std::string link, says;
    };
    const Case cases[] = {
        {"layers=10000", "more than 1024"},
        {"layers=99999999999999", "out of range"},
        {"L5000.op=ReLU", "at most 1024 layers"},
        {"layers=2&L1.op=relu%3Cscript%3E", "is not an op"},
        {"layers=2&L1.op=pass&L1.name=%00%01", "not a class name"},
        {"layers=2&L1.op=pass&L1.args=" + std::string(300, 'a'), "300 characters"},
        {"layers=2&L1.op=ReLU&L1.np=-5", "negative parameter count"},
        {"layers=2&L1.op=ReLU&L1.np=99999999999999999999999", "out of range"},
        {"layers=2&L1.op=linear&L1.fin=99999999999", "out of range"},
        {"layers=2&L1.op=linear&L1.cout=2000000000", "out_features"},
        {"layers=2&L1.op=up&L1.sf=100000000", "scale factor"},
        {"layers=2&L1.op=adaptavg&L1.out=-3", "output size"},
        {"layers=2&L1.op=pad&L1.p=1,2,3", "not a padding"},
        {"layers=2&L1.op=pad&L1.fill=nan", "not a decimal"},
        {"layers=2&L1.op=flatten&L1.k=3", "does not apply to flatten"},
        {"op=" + std::string(70, 'A'), "70 characters"},
        {"op=A%20B", "is not an op"},
    };
    for (const Case& c : cases) {
        INFO(c.link.substr(0, 120));
        const Decoded d = Decode(c.link);
        CHECK_MESSAGE(Mentions(d.notices, c.says), AllText(d.notices));
        REQUIRE(d.doc.layers.size() >= 1);
        CHECK(d.doc.layers.size() <= size_t(kMaxLayers));
        Doc again = d.doc;
        CHECK_MESSAGE(Sanitize(again).empty(), "decoded state is sanitized");
        const Decoded back = Decode(EncodeState(d.doc, d.view));
        CHECK_MESSAGE(back.notices.empty(), AllText(back.notices));
        CHECK(back.doc == d.doc);
    }
    // 10k layer keys: bounded notices, nothing past kMaxLayers kept.
    std::string many = "layers=1024";
    for (int i = 1; i < 10000; ++i) many += "&L" + std::to_string(i) + ".op=ReLU";
    const Decoded d = Decode(many);
    CHECK(d.doc.layers.size() == size_t(kMaxLayers));
    CHECK(d.notices.size() <= 14);
    CHECK(KindName(d.doc.layers[1023]) == "ReLU");
}

TEST_CASE("codec models: a pasted name or argument a line cannot hold is cleaned once, then travels") {
    Doc doc = DefaultDoc();
    doc.layers.push_back(LayerOf(PassThroughOptions{"Weird\nName", std::string(400, 'x') + "\t", 0}));
    const std::vector<Notice> repaired = Sanitize(doc);
    CHECK(Mentions(repaired, "cannot hold"));
    CHECK(Mentions(repaired, "longer than 256"));
    const auto& o = std::get<PassThroughOptions>(doc.layers[1].options);
    CHECK(o.name == "Weird Name");
    CHECK(o.args.size() == kMaxLayerArgs);
    CHECK(Decode(EncodeState(doc, View{})).doc == doc);
}

// [SECTION] SIDE BRANCHES

TEST_CASE("codec models: a pasted block's side branches travel in a link, tersely") {
    const Doc doc = PastedDoc("resnet18");
    REQUIRE(doc.branches.size() == 3);  // layer2..4's downsamples
    const std::string link = EncodeState(doc, View{});
    INFO(link);
    CHECK(link.find("&branches=3&B0.from=") != std::string::npos);
    CHECK(link.find("B0.path=layer2.0.downsample&B0.layers=2&B0.L0.cout=128&B0.L0.k=1&B0.L0.s=2&B0.L0.p=0&B0.L0.bias=0&B0.L1.op=BatchNorm2d") !=
          std::string::npos);
    CHECK(link.find("B0.gate") == std::string::npos);   // a downsample adds: the default
    CHECK(link.find("B0.L1.args") == std::string::npos);  // BatchNorm's 128 comes from the branch's own chain
    const Decoded back = Decode(link);
    CHECK_MESSAGE(back.notices.empty(), AllText(back.notices));
    CHECK(back.doc.branches == doc.branches);
    // An SE gate (EfficientNet) keeps its gate flag and its own layers.
    const Doc effnet = PastedDoc("efficientnet_b0");
    bool gated = false;
    for (const SideBranch& b : effnet.branches) gated |= b.gate;
    CHECK(gated);
    CHECK(Decode(EncodeState(effnet, View{})).doc.branches == effnet.branches);
}

TEST_CASE("codec models: a branch layer's derived defaults come from main layer from's input") {
    Doc doc = DefaultDoc();
    doc.input.h = doc.input.w = 8, doc.input.channels = 3;
    doc.layers[0].out_channels = 6;
    doc.layers.push_back(LayerOf(PassThroughOptions{"ReLU", "", 0}));
    SideBranch b;
    b.name = "block.shortcut", b.from = 1, b.join = 1;
    b.layers.push_back(LayerOf(PassThroughOptions{"BatchNorm2d", "6, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True", 12}));
    b.layers.push_back(LayerOf(FlattenOptions{}));
    b.layers.push_back(LayerOf(LinearOptions{6 * 8 * 8, 2}));
    doc.branches.push_back(b);
    b.name.clear(), b.from = 0, b.gate = true;
    b.layers = {LayerOf(PassThroughOptions{"BatchNorm2d", "3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True", 6})};
    doc.branches.push_back(b);
    REQUIRE(Sanitize(doc).empty());
    const std::string link = EncodeState(doc, View{});
    INFO(link);
    CHECK(link.find("&branches=2&B0.from=1&B0.join=1&B0.path=block.shortcut&B0.layers=3&B0.L0.op=BatchNorm2d&B0.L1.op=flatten&"
                    "B0.L2.op=linear&B0.L2.cout=2&B1.join=1&B1.gate=1&B1.L0.op=BatchNorm2d") != std::string::npos);
    CHECK(link.find("args") == std::string::npos);
    CHECK(link.find("fin") == std::string::npos);
    const Decoded back = Decode(link);
    CHECK_MESSAGE(back.notices.empty(), AllText(back.notices));
    CHECK(back.doc == doc);
    CHECK(ThroughCodec(doc) == doc);
    // setState changes only the branch key it gives, on the branches there are.
    Doc changed = doc;
    View view;
    CHECK_MESSAGE(ApplyState("B0.L2.cout=5&B1.path=se", changed, view).notices.empty(), "no repairs");
    REQUIRE(changed.branches.size() == 2);
    CHECK(std::get<LinearOptions>(changed.branches[0].layers[2].options).out_features == 5);
    CHECK(changed.branches[1].name == "se");
    CHECK(changed.branches[0].layers[0] == doc.branches[0].layers[0]);
    CHECK(changed.layers == doc.layers);
    // branches=0 drops them.
    CHECK(Decode(link + "&branches=0").doc.branches.empty());
}

TEST_CASE("codec models: the branches fuzz seed is a clean link whose branches plan and join") {
    const std::string link = ReadText(std::string(CONVPLAY_TESTS_DIR) + "/fuzz/corpus/codec/kinds-branches");
    REQUIRE(!link.empty());
    const Decoded d = Decode(link);
    CHECK_MESSAGE(d.notices.empty(), AllText(d.notices));
    REQUIRE(d.doc.branches.size() == 2);
    CHECK(d.doc.branches[0].name == "layer1.0.downsample");
    CHECK(d.doc.branches[1].gate);
    const StackSummary s = SummarizeStack(d.doc, PlanDoc(d.doc));
    REQUIRE(s.branches.size() == 2);
    for (const StackBranch& b : s.branches) CHECK_MESSAGE(b.ok, b.name << ": " << b.error);
    CHECK(Decode(EncodeState(d.doc, View{})).doc == d.doc);
}

TEST_CASE("codec models: hostile branch keys get a notice and a bounded state") {
    struct Case {
        std::string link, says;
    };
    const Case cases[] = {
        {"branches=99999", "more than 256"},
        {"branches=-1", "less than 0"},
        {"branches=99999999999999", "out of range"},
        {"B256.from=1", "not a side branch's key"},
        {"B-1.from=1", "not a side branch's key"},
        {"B01234567.gate=1", "not a side branch's key"},
        {"B0.from=1", "0 side branches"},
        {"branches=1&B0.from=99999999999", "not a number"},
        {"branches=1&B0.join=4096", "more than 1023"},
        {"branches=1&B0.gate=2", "not 0 or 1"},
        {"branches=1&B0.path=%00%01", "not a module path"},
        {"branches=1&B0.path=" + std::string(65, 'a'), "65 characters"},
        {"branches=1&B0.path=" + std::string(300, 'a'), "300 characters"},
        {"branches=1&B0.layers=17", "more than 16"},
        {"branches=1&B0.layers=99999999999", "not a number"},
        {"branches=1&B0.L16.op=ReLU", "not a side branch's key"},
        {"branches=1&B0.L1.op=ReLU", "has 1 layer"},
        {"branches=1&B0.in=5", "not a key of a side branch"},
        {"branches=1&B0.L0.layers=3", "not a key of a side branch's layer"},
        {"branches=1&B0.L0.op=relu%3Cscript%3E", "is not an op"},
        {"branches=1&B0.L0.op=flatten&B0.L0.k=3", "does not apply to flatten"},
        {"branches=1&B0.from=0&B0.from=1", "given 2 times"},
    };
    for (const Case& c : cases) {
        INFO(c.link.substr(0, 120));
        const Decoded d = Decode(c.link);
        CHECK_MESSAGE(Mentions(d.notices, c.says), AllText(d.notices));
        CHECK(d.doc.branches.size() <= size_t(kMaxBranches));
        for (const SideBranch& b : d.doc.branches) CHECK(b.layers.size() <= size_t(kMaxBranchLayers));
        Doc again = d.doc;
        CHECK_MESSAGE(Sanitize(again).empty(), "decoded state is sanitized");
        const Decoded back = Decode(EncodeState(d.doc, d.view));
        CHECK_MESSAGE(back.notices.empty(), AllText(back.notices));
        CHECK(back.doc == d.doc);
    }
    // Every branch and every branch layer named: all kept, within the bounds, a screenful of notices.
    std::string many = "branches=9999";
    for (int j = 0; j < 300; ++j) {
        many += "&B" + std::to_string(j) + ".layers=20";
        for (int i = 0; i < 20; ++i) many += "&B" + std::to_string(j) + ".L" + std::to_string(i) + ".op=ReLU";
    }
    const Decoded d = Decode(many);
    REQUIRE(d.doc.branches.size() == size_t(kMaxBranches));
    CHECK(d.doc.branches.back().layers.size() == size_t(kMaxBranchLayers));
    CHECK(KindName(d.doc.branches.back().layers.back()) == "ReLU");
    CHECK(d.notices.size() <= 14);
}

TEST_CASE("codec models: Sanitize bounds a document's side branches, with a notice") {
    Doc doc = DefaultDoc();
    SideBranch b;
    b.name = "a\tb", b.from = -2, b.join = 5000;
    b.layers.assign(20, LayerOf(PassThroughOptions{"ReLU", "", 0}));
    doc.branches.assign(300, b);
    const std::vector<Notice> repaired = Sanitize(doc);
    CHECK(Mentions(repaired, "more than 256"));
    CHECK(Mentions(repaired, "more than 16"));
    CHECK(Mentions(repaired, "from -2 is less than 0"));
    CHECK(Mentions(repaired, "join 5000 is more than 1023"));
    CHECK(Mentions(repaired, "cannot hold"));
    CHECK(doc.branches.size() == size_t(kMaxBranches));
    CHECK(doc.branches[0].layers.size() == size_t(kMaxBranchLayers));
    CHECK(doc.branches[0].name == "a b");
    CHECK(Sanitize(doc).empty());
    CHECK(Decode(EncodeState(doc, View{})).doc == doc);
}

// [SECTION] THE KEY TABLE

TEST_CASE("codec models: the key table's lockable rows are lock='s names, in the frozen bit order") {
    const std::vector<std::string_view> frozen = {"op", "in", "cin", "seed", "cout", "g", "k", "s", "d", "p",
                                                  "opad", "pm", "ceil", "cip", "div", "x", "w", "flip", "hm", "kp"};
    CHECK(std::vector<std::string_view>(kLockableKeys.begin(), kLockableKeys.end()) == frozen);
    for (const KeyRow& row : kKeys) {
        INFO(row.name);
        CHECK(row.max_length >= kTokenLength);
        // Every fixed default parses for every kind it applies to: decoding it alone says nothing.
        if (row.scope == KeyScope::Layer && row.key != kOp && !Derived(row.key))
            for (const KindToken& t : kKindTokens)
                if (Applies(row.key, t.kind)) {
                    const std::string link = "op=" + std::string(t.token) + "&" + std::string(row.name) + "=" +
                                             std::string(DefaultText(row.key, t.kind));
                    const Decoded d = Decode(link);
                    CHECK_MESSAGE(d.notices.empty(), link << "\n" << AllText(d.notices));
                    CHECK(EncodeState(d.doc, d.view).find("&" + std::string(row.name) + "=") == std::string::npos);
                }
    }
}
