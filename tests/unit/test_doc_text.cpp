// test_doc_text.cpp — the document between the app and the code tools module
// is the codec's link text (src/module/doc_text.h): every document the app
// holds comes back equal, pasted models' undrawn layers and side branches
// included, so the code tools write the code of exactly what is on screen,
// and a paste the tools read opens in the app as its link would.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

#include "module/doc_text.h"
#include "random_doc.h"
#include "state/commit.h"
#include "state/formats/code.h"
#include "state/model/sanitize.h"

namespace {

using namespace cp;

TEST_CASE("doc text: random sanitized documents, with edits, come back equal and without notices") {
    std::mt19937 rng(7);
    for (int i = 0; i < 200; ++i) {
        Doc doc = cp_test::RandomDoc(rng);
        doc.input.edits.push_back({0, 0, 1, 2, 9});
        if (doc.layers[0].op() == OpKind::Conv2d) {
            doc.layers[0].weight_edits.push_back({0, 0, 0, 0, -4});
            doc.layers[0].kernel_preset = KernelPreset::SobelX;
            doc.layers[0].bias = false;
        }
        Sanitize(doc);  // the app only ever holds a sanitized document
        CAPTURE(DocText(doc));
        std::vector<Notice> notices;
        CHECK(DocOfText(DocText(doc), &notices) == doc);
        CHECK(notices.empty());
    }
}

TEST_CASE("doc text: a pasted model's undrawn layers and side branches come back equal; its code is the same") {
    const CodeImport pasted = ImportCode(
        "x = torch.randn(1, 3, 32, 32)\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),\n"
        "  nn.ZeroPad2d((0, 1, 0, 1)), nn.AdaptiveAvgPool2d(4), nn.Upsample(scale_factor=2), nn.Flatten(), nn.Linear(1024, 10))",
        DefaultDoc());
    REQUIRE(pasted.doc.ok());
    const Doc doc = ThroughCodec(pasted.doc.value());
    CHECK(std::any_of(doc.layers.begin(), doc.layers.end(), [](const Layer& l) { return !l.drawn(); }));
    const Doc back = DocOfText(DocText(doc));
    CHECK(back == doc);
    CHECK(PyTorchCode(back) == PyTorchCode(doc));
}

TEST_CASE("doc text: the tools' paste opens in the app as ThroughCodec gives it, repairs said") {
    // A paste past a limit (more output channels than the engine allows):
    // the text the tools write is unsanitized; the app opens it as a link.
    const CodeImport pasted = ImportCode("model = nn.Sequential(nn.Conv2d(1, 99999999, 3))", DefaultDoc());
    REQUIRE(pasted.doc.ok());
    std::vector<Notice> through, opened;
    const Doc want = ThroughCodec(pasted.doc.value(), &through);
    const Doc got = DocOfText(DocText(pasted.doc.value()), &opened);
    CHECK(got == want);
    CHECK_FALSE(opened.empty());
}

}  // namespace
