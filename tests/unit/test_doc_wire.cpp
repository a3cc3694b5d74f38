// test_doc_wire.cpp — the document as bytes between the app and the code
// tools module (src/module/doc_wire.h): every Doc comes back equal, the
// layers a link cannot name included, and bytes that are not a Doc of this
// build are refused, never half read.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

#include "module/doc_wire.h"
#include "random_doc.h"
#include "state/formats/code.h"

namespace {

using namespace cp;

TEST_CASE("doc wire: random documents, with edits, come back equal") {
    std::mt19937 rng(7);
    for (int i = 0; i < 200; ++i) {
        Doc doc = cp_test::RandomDoc(rng);
        doc.input.edits.push_back({0, 0, 1, 2, 9});
        if (doc.layers[0].op() == OpKind::Conv2d) {
            doc.layers[0].weight_edits.push_back({0, 0, 0, 0, -4});
            doc.layers[0].kernel_preset = KernelPreset::SobelX;
            doc.layers[0].bias = false;
        }
        const std::optional<Doc> back = DocFromWire(DocToWire(doc));
        REQUIRE(back.has_value());
        CHECK(*back == doc);
    }
}

TEST_CASE("doc wire: a pasted model's undrawn layers (norms, activations, a head) come back equal") {
    const CodeImport pasted = ImportCode(
        "x = torch.randn(1, 3, 32, 32)\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),\n"
        "  nn.ZeroPad2d((0, 1, 0, 1)), nn.AdaptiveAvgPool2d(4), nn.Upsample(scale_factor=2), nn.Flatten(), nn.Linear(1024, 10))",
        DefaultDoc());
    REQUIRE(pasted.doc.ok());
    const Doc& doc = pasted.doc.value();
    CHECK(std::any_of(doc.layers.begin(), doc.layers.end(), [](const Layer& l) { return !l.drawn(); }));
    const std::optional<Doc> back = DocFromWire(DocToWire(doc));
    REQUIRE(back.has_value());
    CHECK(*back == doc);
    CHECK(PyTorchCode(*back) == PyTorchCode(doc));
}

TEST_CASE("doc wire: bytes that are not a whole Doc of this build are refused") {
    const std::string bytes = DocToWire(DefaultDoc());
    CHECK_FALSE(DocFromWire("").has_value());
    CHECK_FALSE(DocFromWire(bytes.substr(0, bytes.size() - 1)).has_value());  // cut short
    CHECK_FALSE(DocFromWire(bytes + "x").has_value());                        // something after it
    std::string stamped = bytes;
    stamped[0] ^= 1;  // another build's layout
    CHECK_FALSE(DocFromWire(stamped).has_value());
    // A count that claims more than the bytes hold is refused before anything is allocated.
    std::string huge = bytes;
    const size_t edits_at = 4 + 4 * sizeof(int);  // stamp, h, w, channels, seed
    huge[edits_at] = huge[edits_at + 1] = huge[edits_at + 2] = huge[edits_at + 3] = char(0xff);
    CHECK_FALSE(DocFromWire(huge).has_value());
}

}  // namespace
