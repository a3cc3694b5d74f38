// code_cases.cpp — writes the code export's cases for the PyTorch check
// (tests/torch/check_code.py): one JSON object per line with the PyTorch and
// Keras code of a document and the output shape the engine plans for it (or
// the engine's refusal), for every preset and a few hundred seeded random
// documents (stacks included), and the Doc each golden model's paste gives
// (tests/golden/models: torchvision printouts and tutorial code, through
// ImportCode). Python then runs the code and compares.
//   convplay_code_cases [RANDOM_COUNT] [GOLDEN_MODELS_DIR]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <random>
#include <string>

#include "random_doc.h"
#include "scene/scene_json.h"
#include "state/analysis/stack.h"
#include "state/formats/code.h"
#include "state/formats/codec.h"
#include "state/formats/presets.h"
#include "state/model/sanitize.h"

namespace {

void Emit(const std::string& name, const cp::Doc& doc, const std::string& extra = {}) {
    const std::vector<cp::LayerPlan> plans = cp::PlanDoc(doc);
    std::string expect;
    for (const cp::LayerPlan& p : plans)
        if (!p.out.ok()) {  // the engine's geometry refuses (a picture only too large to draw still runs)
            expect = "\"error\":" + cp::JsonString(p.out.error());
            break;
        }
    if (expect.empty()) {
        const cp::Shape o = plans.back().out.value();
        expect = plans.back().flat  // a feature vector: PyTorch's (N, F)
                     ? "\"shape\":[" + std::to_string(o.n) + "," + std::to_string(o.w) + "]"
                     : "\"shape\":[" + std::to_string(o.n) + "," + std::to_string(o.c) + "," + std::to_string(o.h) + "," +
                           std::to_string(o.w) + "]";
    }
    const cp::KerasCode keras = cp::KerasCodeOf(doc);
    std::printf("{\"name\":%s,\"link\":%s,\"layers\":%zu,\"torch\":%s,\"keras\":%s,\"keras_exact\":%s,%s%s}\n",
                cp::JsonString(name).c_str(), cp::JsonString(cp::EncodeState(doc, cp::View{})).c_str(),
                doc.layers.size(), cp::JsonString(cp::PyTorchCode(doc)).c_str(),
                cp::JsonString(keras.code).c_str(), keras.why_not.empty() ? "true" : "false", expect.c_str(),
                extra.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const int random_count = argc > 1 ? std::atoi(argv[1]) : 400;
    for (const cp::Preset& p : cp::Presets()) {
        cp::Doc doc;
        cp::View view;
        cp::DecodeState(cp::PresetLink(p), doc, view);
        Emit("preset " + std::string(p.id), doc);
    }
    std::mt19937 rng(2024);
    for (int i = 0; i < random_count; ++i) {
        cp::Doc doc = cp_test::RandomDoc(rng);
        cp::Sanitize(doc);
        Emit("random " + std::to_string(i), doc);
    }
    // Every golden model as pasted: the layers the paste puts in the Doc, as the Code tab writes them.
    if (argc > 2) {
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(argv[2])) files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& path : files) {
            if (path.extension() != ".json") continue;
            std::filesystem::path paste = path;
            paste.replace_extension(".txt");
            std::string prefix;
            if (std::filesystem::exists(paste)) {
                std::ifstream j(path);
                std::string head;
                std::getline(j, head);  // {"torch": ..., "input": [1, 3, 224, 224], ...
                const size_t a = head.find("\"input\": [") + 10, b = head.find(']', a);
                prefix = "x = torch.randn(" + head.substr(a, b - a) + ")\n";
            } else {
                paste.replace_extension(".py");
            }
            std::ifstream in(paste);
            std::stringstream text;
            text << in.rdbuf();
            const cp::CodeImport r = cp::ImportCode(prefix + text.str(), cp::DefaultDoc());
            if (!r.doc.ok()) {
                std::fprintf(stderr, "%s: %s\n", paste.c_str(), r.doc.error().c_str());
                return 1;
            }
            // The Stack tab's totals for the pasted model (side branches
            // included), for check_code.py to hold to the golden's torchinfo
            // totals, when the paste is followed to its end (no concat).
            cp::Doc doc = r.doc.value();
            cp::Sanitize(doc);
            const cp::StackSummary s = cp::SummarizeStack(doc, cp::PlanDoc(doc));
            bool whole = s.stopped_at < 0;
            for (const cp::PastedRow& row : r.model.rows) whole &= row.kind != cp::PastedKind::Concat;
            const std::string totals = ",\"golden\":" + cp::JsonString(path.string()) + ",\"whole\":" +
                                       (whole ? "true" : "false") + ",\"totals\":{\"params\":" + std::to_string(s.params) +
                                       ",\"macs\":" + std::to_string(s.torchinfo_macs) +
                                       ",\"conv_macs\":" + std::to_string(s.torchinfo_conv_macs) + "}";
            Emit("golden " + path.stem().string(), r.doc.value(), totals);
        }
    }
    return 0;
}
