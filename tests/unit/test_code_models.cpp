// test_code_models.cpp — real models pasted as people paste them, against what
// PyTorch 1.13 says of them (tests/golden/models, written by scripts/goldens:
// forward hooks on every leaf module, and model.parameters()).
//
// torchvision models are pasted as print(model)'s output under an input line;
// tutorial models as their source. Every row the paste makes is compared with
// the hook of the same module path (its k-th call for the k-th row), and the
// parameter total with PyTorch's. PyTorch is not needed here.
#include <doctest/doctest.h>

#include "read_text.h"

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "state/formats/code.h"
#include "state/model/doc.h"

using json = nlohmann::json;

namespace {

struct Golden {
    json j;
    std::string paste;
};

Golden Load(const std::string& name) {
    const std::string dir = std::string(CONVPLAY_GOLDEN_DIR) + "/models/";
    Golden g;
    std::ifstream in(dir + name + ".json");
    REQUIRE_MESSAGE(in.good(), "missing " << dir << name << ".json (scripts/goldens writes it)");
    g.j = json::parse(in);
    g.paste = ReadText(dir + name + ".txt");
    if (g.paste.empty()) {
        g.paste = ReadText(dir + name + ".py");  // a tutorial: its source is the paste
    } else {
        const json& in_shape = g.j["input"];
        g.paste = "x = torch.randn(" + std::to_string(int(in_shape[0])) + ", " + std::to_string(int(in_shape[1])) + ", " +
                  std::to_string(int(in_shape[2])) + ", " + std::to_string(int(in_shape[3])) + ")\n" + g.paste;
    }
    REQUIRE(!g.paste.empty());
    return g;
}

std::vector<int> ShapeOf(const cp::PastedRow& r) {
    if (r.flat) return {r.out.c};
    return {r.out.c, r.out.h, r.out.w};
}

struct Compared {
    int rows = 0, matched = 0;
    std::vector<std::string> missing;  // golden modules no row stands for
};

Compared Compare(const std::string& name) {
    INFO(name);
    const Golden g = Load(name);
    const cp::PastedModel m = cp::ReadModelCode(g.paste, cp::DefaultDoc());
    std::string notices;
    for (const std::string& n : m.notices) notices += n + "\n";
    INFO("notices:\n" << notices);
    CHECK_MESSAGE(m.stopped.empty(), m.stopped);
    CHECK(m.Params() == g.j["params"].get<int64_t>());
    std::map<std::string, std::vector<const json*>> calls;
    for (const json& rec : g.j["modules"]) calls[rec[0].get<std::string>()].push_back(&rec);
    std::map<std::string, size_t> seen;
    Compared c;
    for (const cp::PastedRow& r : m.rows) {
        const auto it = calls.find(r.path);
        if (it == calls.end()) continue;  // forward's own flatten: no module
        const size_t k = seen[r.path]++;
        // A shape-keeping module runs where the printout puts it, and forward
        // may call it more than once (a Bottleneck's one ReLU, three times),
        // or in another order on a side branch (an SE gate's activation):
        // its shape is one of its calls'.
        if (r.kind == cp::PastedKind::PassThrough) {
            bool any = r.side;
            for (const json* rec : it->second) any |= ShapeOf(r) == rec->at(2).get<std::vector<int>>();
            CHECK_MESSAGE(any, r.path << " (" << r.type << "): ours " << json(ShapeOf(r)).dump() << ", no call of it gives that");
            ++c.rows;
            c.matched += any;
            if (k < it->second.size()) CHECK(r.params == it->second[k]->at(3).get<int64_t>());
            continue;
        }
        if (k >= it->second.size()) continue;
        const json& rec = *it->second[k];
        ++c.rows;
        const std::vector<int> want = rec[2].get<std::vector<int>>();
        CHECK_MESSAGE(ShapeOf(r) == want, r.path << " (" << r.type << "): ours " << json(ShapeOf(r)).dump() << ", PyTorch's "
                                                 << rec[2].dump());
        c.matched += ShapeOf(r) == want;
        CHECK(r.params == rec[3].get<int64_t>());
    }
    for (const auto& [path, recs] : calls)
        if (!seen.count(path)) c.missing.push_back(path);
    return c;
}

}  // namespace

TEST_CASE("code models: torchvision printouts and tutorial code give PyTorch's shapes and parameter totals") {
    const char* names[] = {"alexnet",       "vgg16_bn",  "resnet18",  "resnet50",        "mobilenet_v2",   "efficientnet_b0",
                           "squeezenet1_0", "googlenet", "cifar_net", "dcgan_generator", "unet_encoder"};
    for (const char* name : names) {
        const Compared c = Compare(name);
        MESSAGE(name << ": " << c.matched << " of " << c.rows << " rows match PyTorch's hooks");
        CHECK(c.rows > 0);
        std::string missing;
        for (const std::string& p : c.missing) missing += p + " ";
        CHECK_MESSAGE(c.missing.empty(), name << ": no row for " << missing);
    }
}

TEST_CASE("code models: a pasted model's Doc holds its drawn layers, the first of them the model's first conv") {
    const Golden g = Load("resnet18");
    const cp::CodeImport r = cp::ImportCode(g.paste, cp::DefaultDoc());
    REQUIRE_MESSAGE(r.doc.ok(), r.doc.error());
    const cp::Doc& doc = r.doc.value();
    CHECK(doc.input.channels == 3);
    CHECK(doc.input.h == 224);
    REQUIRE(doc.layers.size() >= 2);
    CHECK(doc.layers[0].op() == cp::OpKind::Conv2d);
    CHECK(doc.layers[0].out_channels == 64);
    // BatchNorm2d and ReLU are layers the figure does not draw, then the pool.
    CHECK(cp::KindName(doc.layers[1]) == "BatchNorm2d");
    CHECK(std::get<cp::PassThroughOptions>(doc.layers[1].options).params == 128);
    CHECK(cp::KindName(doc.layers[2]) == "ReLU");
    CHECK(doc.layers[3].op() == cp::OpKind::MaxPool2d);
    CHECK_FALSE(doc.layers[0].bias);
    // The chain the Doc plans ends as PyTorch's: 1000 features.
    const std::vector<cp::LayerPlan> plans = cp::PlanDoc(doc);
    REQUIRE(plans.back().out.ok());
    CHECK(plans.back().flat);
    CHECK(plans.back().out.value().w == 1000);
    // bias=False reaches the row's parameters: ResNet's stem is 9,408, not 9,472.
    const cp::PastedRow* stem = nullptr;
    for (const cp::PastedRow& row : r.model.rows)
        if (row.path == "conv1") stem = &row;
    REQUIRE(stem);
    CHECK_FALSE(stem->bias);
    CHECK(stem->params == 9408);
}
