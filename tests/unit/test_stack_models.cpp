// test_stack_models.cpp — the Stack tab's totals for real models, against
// torchinfo's (tests/golden/models/*.json "torchinfo", counted by scripts/goldens
// with torchinfo's own rules in forward hooks; PyTorch is not needed here).
//
// Each golden is pasted as the page pastes it (ImportCode, then PlanDoc and
// SummarizeStack, what the Stack tab draws): parameters (side branches
// included), torchinfo's "Total mult-adds" and its convolutions' share.
#include <doctest/doctest.h>

#include "read_text.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "state/analysis/stack.h"
#include "state/formats/code.h"
#include "state/model/sanitize.h"

using json = nlohmann::json;

namespace {

struct Pasted {
    json golden;
    cp::Doc doc;
    cp::StackSummary stack;
};

Pasted Paste(const std::string& name, const cp::Doc& current = cp::DefaultDoc()) {
    const std::string dir = std::string(CONVPLAY_GOLDEN_DIR) + "/models/";
    Pasted p;
    std::ifstream in(dir + name + ".json");
    REQUIRE_MESSAGE(in.good(), "missing " << dir << name << ".json (scripts/goldens writes it)");
    p.golden = json::parse(in);
    std::string paste = ReadText(dir + name + ".txt");
    if (paste.empty()) {
        paste = ReadText(dir + name + ".py");
    } else {
        const json& x = p.golden["input"];
        paste = "x = torch.randn(" + std::to_string(int(x[0])) + ", " + std::to_string(int(x[1])) + ", " +
                std::to_string(int(x[2])) + ", " + std::to_string(int(x[3])) + ")\n" + paste;
    }
    const cp::CodeImport imported = cp::ImportCode(paste, current);
    REQUIRE_MESSAGE(imported.doc.ok(), imported.doc.error());
    p.doc = imported.doc.value();
    cp::Sanitize(p.doc);  // what the page applies (commit.h ThroughCodec)
    p.stack = cp::SummarizeStack(p.doc, cp::PlanDoc(p.doc));
    return p;
}

int64_t TorchinfoConvMacs(const json& golden) {
    const json& by = golden["torchinfo"]["macs_by_type"];
    return by.value("Conv2d", int64_t(0)) + by.value("ConvTranspose2d", int64_t(0));
}

}  // namespace

TEST_CASE("stack models: every followed model's totals equal torchinfo's (params, mult-adds, the convs' share)") {
    const char* names[] = {"alexnet",      "vgg16_bn",        "resnet18",  "resnet50",        "mobilenet_v2",
                           "efficientnet_b0", "cifar_net", "dcgan_generator", "unet_encoder"};
    for (const char* name : names) {
        INFO(name);
        const Pasted p = Paste(name);
        const json& info = p.golden["torchinfo"];
        CHECK(p.stack.stopped_at == -1);
        for (const cp::StackBranch& b : p.stack.branches) CHECK_MESSAGE(b.ok, b.name << ": " << b.error);
        CHECK(p.stack.params == info["params"].get<int64_t>());
        CHECK(p.stack.params_conv + p.stack.params_norm + p.stack.params_linear == p.stack.params);
        CHECK(p.stack.torchinfo_macs == info["macs"].get<int64_t>());
        CHECK(p.stack.torchinfo_conv_macs == TorchinfoConvMacs(p.golden));
    }
}

TEST_CASE("stack models: resnet50's downsample branches are side branches beside the block they skip") {
    const Pasted p = Paste("resnet50");
    REQUIRE(p.stack.branches.size() == 4);  // one per stage
    const cp::StackBranch& first = p.stack.branches.front();
    CHECK(first.name == "layer1.0.downsample");
    CHECK(!first.gate);
    // It reads the block's input (the max pool's output) and joins at the
    // block's end (the printout puts its one ReLU after bn3: same shape).
    CHECK(p.doc.layers[size_t(first.from)].kind() == cp::LayerKind::Conv2d);
    CHECK(first.from > 0);
    CHECK(p.stack.rows[size_t(first.from - 1)].label.find("maxpool") == 0);
    CHECK(p.stack.rows[size_t(first.join)].label.find("conv") != 0);
    CHECK(p.stack.rows[size_t(first.join + 1)].label.find("conv 1") == 0);  // the next block's first conv
    CHECK(first.out == p.stack.rows[size_t(first.join)].out);
    CHECK(first.params == 16384 + 512);
    // layer2's downsample halves the map: a 1×1 stride-2 conv.
    CHECK(p.stack.branches[1].rows.front().label.find("s2") != std::string::npos);
    CHECK(p.stack.branches[1].out.h == 28);
}

TEST_CASE("stack models: efficientnet's squeeze-and-excitation gates count as side branches that scale") {
    const Pasted p = Paste("efficientnet_b0");
    REQUIRE(p.stack.branches.size() == 16);
    for (const cp::StackBranch& b : p.stack.branches) {
        CHECK(b.gate);
        CHECK(b.from == b.join);
        CHECK(b.out.h == 1);
        CHECK(b.out.c == p.stack.rows[size_t(b.join)].out.c);
    }
}

TEST_CASE("stack models: a branch that no longer fits the main path is a warning, not a silent count") {
    Pasted p = Paste("resnet18");
    REQUIRE(!p.doc.branches.empty());
    // The block's last conv gives one channel more: the add no longer fits.
    int last = p.doc.branches.back().join;
    while (p.doc.layers[size_t(last)].kind() != cp::LayerKind::Conv2d) --last;
    REQUIRE(last > p.doc.branches.back().from);
    p.doc.layers[size_t(last)].out_channels += 1;
    const cp::StackSummary s = cp::SummarizeStack(p.doc, cp::PlanDoc(p.doc));
    const cp::StackBranch& b = s.branches.back();
    CHECK(!b.ok);
    bool warned = false;
    for (const std::string& w : s.warnings) warned |= w.find(b.name) != std::string::npos;
    CHECK(warned);
    CHECK(s.params < p.stack.params);
}

TEST_CASE("stack models: torchinfo's conventions beside ours, for a transposed conv and a biased conv") {
    cp::Layer t;
    t.options = cp::ConvTranspose2dOptions{};
    std::get<cp::ConvTranspose2dOptions>(t.options).stride = {2, 2};
    t.kernel = {4, 4};
    t.out_channels = 8;
    const cp::Shape in{1, 16, 5, 5};
    const cp::Shape out = cp::OutShapeOf(t, in).value();
    CHECK(out == cp::Shape{1, 8, 12, 12});
    const int64_t params = cp::ParamsOf(t, in);
    CHECK(params == 16 * 8 * 16 + 8);
    // torchinfo: every parameter once per output position; ours: per input value, no bias.
    CHECK(cp::TorchinfoMacsOf(t, out, params) == params * 12 * 12);
    CHECK(cp::MultiplyAddsOf(t, in, out) == int64_t(16) * 5 * 5 * 8 * 16);
}

TEST_CASE("stack models: adding and removing layers keeps each side branch on the layers it joins") {
    const Pasted p = Paste("resnet18");
    REQUIRE(p.doc.branches.size() == 3);
    const cp::SideBranch first = p.doc.branches.front();
    // A layer inserted before the block moves the branch with it.
    cp::Doc d = p.doc;
    d.layers.insert(d.layers.begin() + first.from, d.layers[size_t(first.from)]);
    cp::ShiftBranches(d, first.from, 1);
    CHECK(d.branches.front().from == first.from + 1);
    CHECK(d.branches.front().join == first.join + 1);
    // Removed again: back where it was, and still checked as fitting.
    d.layers.erase(d.layers.begin() + first.from);
    cp::ShiftBranches(d, first.from, -1);
    CHECK(d.branches.front() == first);
    // A layer inserted after the join leaves it.
    d.layers.insert(d.layers.begin() + first.join + 1, cp::LayerOf(cp::PassThroughOptions{}));
    cp::ShiftBranches(d, first.join + 1, 1);
    CHECK(d.branches.front().join == first.join);
    const cp::StackSummary s = cp::SummarizeStack(d, cp::PlanDoc(d));
    CHECK(s.branches.front().ok);
}

TEST_CASE("stack models: a paste over a pasted model replaces its side branches") {
    const Pasted first = Paste("resnet18");
    const Pasted second = Paste("resnet50", first.doc);
    CHECK(second.doc.branches.size() == 4);
    for (const cp::StackBranch& b : second.stack.branches) CHECK(b.ok);
}
