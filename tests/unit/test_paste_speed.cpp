// test_paste_speed.cpp — the path a pasted model takes in the page, step by
// step, timed natively: not a test of time (skipped unless asked), a
// profile to find what is repeated or quadratic. Build it optimised:
//   cmake -S . -B build/prof -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++
//   cmake --build build/prof --target convplay_tests
//   ./build/prof/convplay_tests -tc='paste speed*' --no-skip
// (The page's own figure is `scripts/bench --page`: the same steps in wasm.)
#include <doctest/doctest.h>

#include "read_text.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "module/doc_text.h"
#include "scene/quiz.h"
#include "state/analysis/stack.h"
#include "state/commit.h"
#include "state/formats/code.h"

namespace {

using namespace cp;
using Clock = std::chrono::steady_clock;

// The 200-layer paste of scripts/bench-page.mjs: conv, bn, relu x 66, a pool, a flatten.
std::string TwoHundredLayers() {
    std::string text = "import torch\nimport torch.nn as nn\nx = torch.randn(1, 3, 64, 64)\nmodel = nn.Sequential(\n";
    for (int i = 0; i < 66; ++i)
        text += "    nn.Conv2d(" + std::to_string(i ? 32 : 3) +
                ", 32, 3, padding=1, bias=False),\n    nn.BatchNorm2d(32),\n    nn.ReLU(inplace=True),\n";
    return text + "    nn.AdaptiveAvgPool2d(1),\n    nn.Flatten(),\n)\n";
}

std::string Resnet50() {
    return "x = torch.randn(1, 3, 224, 224)\n" + ReadText(std::string(CONVPLAY_GOLDEN_DIR) + "/models/resnet50.txt");
}

// The median of `runs` timings of f, in ms.
double MedianMs(int runs, const std::function<void()>& f) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

// Each step of web/code.js importCode, as the two modules run it.
void Profile(const char* name, const std::string& text) {
    const int kRuns = std::getenv("PASTE_RUNS") ? std::atoi(std::getenv("PASTE_RUNS")) : 15;
    Session session;
    const std::string wire0 = DocText(session.doc());  // app: cp_app_doc_wire
    Doc current;
    CodeImport imported;
    std::string wire1;
    Doc opened;
    std::vector<Notice> notices;
    const double a = MedianMs(kRuns, [&] { current = DocOfText(wire0); });                   // tools: the current doc
    const double b = MedianMs(kRuns, [&] { imported = ImportCode(text, current); });         // tools: parse, bind
    REQUIRE(imported.doc.ok());
    const double c = MedianMs(kRuns, [&] { wire1 = DocText(imported.doc.value()); });      // tools: cp_tools_wire
    const double d = MedianMs(kRuns, [&] { opened = DocOfText(wire1, &notices); });         // app: opened as a link
    const double e = MedianMs(kRuns, [&] {                                                  // app: the one commit
        Session s;
        Change change;
        change.doc = opened;
        change.doc_from_codec = true;  // as app_bridge.cpp commits a paste
        Commit(s, std::move(change));
    });
    Change change;
    change.doc = opened;
    change.doc_from_codec = true;
    Commit(session, std::move(change));
    const double f = MedianMs(kRuns, [&] { (void)BuildShownScene(session.viewed(), session.view()); });
    const double g = MedianMs(kRuns, [&] { (void)EncodeState(session.doc(), session.view()); });  // the hash, StateJson
    const double h = MedianMs(kRuns, [&] { (void)SummarizeStack(session.doc(), session.plans()); });  // a Stack tab frame
    MESSAGE(std::string(name) << " (" << session.doc().layers.size() << " layers), median ms: current doc " << a << ", parse "
                 << b << ", to link " << c << ", open link " << d << ", commit " << e << ", scene " << f
                 << ", encode " << g << ", stack " << h << "; total " << a + b + c + d + e + f + g + h);
}

}  // namespace

TEST_CASE("paste speed: each step of a paste, timed" * doctest::skip()) {
    Profile("200-layer nn.Sequential", TwoHundredLayers());
    Profile("resnet50 printout", Resnet50());
}
