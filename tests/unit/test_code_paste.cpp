// test_code_paste.cpp — code in for what a PyTorch user has on screen:
// printouts, every common torch.nn layer, the Python people write (names,
// arithmetic, classes with forward), and one bad part never losing the rest.
// (test_code.cpp: code out and the round trip; test_code_models.cpp: real
// models against PyTorch's own shapes.)
#include <doctest/doctest.h>

#include <string>

#include "state/formats/code.h"
#include "state/model/sanitize.h"

namespace {

using namespace cp;

PastedModel Read(std::string_view code) { return ReadModelCode(code, DefaultDoc()); }

bool Said(const std::vector<std::string>& notices, std::string_view part) {
    for (const std::string& n : notices)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

std::string AllNotices(const std::vector<std::string>& notices) {
    std::string s;
    for (const std::string& n : notices) s += n + "\n";
    return s;
}

const PastedRow* RowAt(const PastedModel& m, std::string_view path) {
    for (const PastedRow& r : m.rows)
        if (r.path == path) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("code paste: a print(model) printout, nested, and its lines pasted alone") {
    const PastedModel m = Read(
        "x = torch.randn(1, 3, 32, 32)\n"
        "Net(\n"
        "  (features): Sequential(\n"
        "    (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)\n"
        "    (1): BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n"
        "    (2): ReLU(inplace=True)\n"
        "    (3): Sequential(\n"
        "      (0): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
        "      (1): Upsample(scale_factor=2.0, mode=nearest)\n"
        "    )\n"
        "  )\n"
        "  (pool): AdaptiveAvgPool2d(output_size=(1, 1))\n"
        "  (fc): Linear(in_features=16, out_features=10, bias=True)\n"
        ")\n");
    INFO(AllNotices(m.notices));
    CHECK(m.stopped.empty());
    REQUIRE(RowAt(m, "features.0"));
    CHECK(RowAt(m, "features.0")->params == 16 * 3 * 9);  // bias=False
    CHECK(RowAt(m, "features.1")->params == 32);          // BatchNorm2d: 2C
    CHECK(RowAt(m, "features.3.0")->out == Shape{1, 16, 16, 16});
    CHECK(RowAt(m, "features.3.1")->out == Shape{1, 16, 32, 32});
    CHECK(RowAt(m, "pool")->out == Shape{1, 16, 1, 1});
    CHECK(RowAt(m, "fc")->out.c == 10);
    CHECK(m.Params() == 16 * 27 + 32 + 16 * 10 + 10);
    // One printout line on its own, with its (name): prefix.
    const CodeImport one = ImportCode("(conv1): Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)", DefaultDoc());
    REQUIRE_MESSAGE(one.doc.ok(), one.doc.error());
    CHECK(one.model.rows[0].path == "conv1");
    CHECK_FALSE(one.doc.value().layers[0].bias);
    CHECK(one.model.rows[0].params == 9408);
}

TEST_CASE("code paste: names assigned earlier, integer arithmetic, tuples, torch.rand(size=...)") {
    const PastedModel m = Read(
        "nz, extra = 1, 2\n"  // a tuple target is skipped, not a failure
        "ngf = 64\n"
        "k = 7 // 2\n"
        "x = torch.rand(size=(1, 1, 28, 28))\n"
        "model = nn.Sequential(\n"
        "    nn.Conv2d(1, ngf * 2, k, padding=(k - 1) // 2 + 0 * 5, bias=False),  # 128 x 28 x 28\n"
        "    nn.MaxPool2d(2 ** 1, stride=10 % 8),\n"
        "    nn.Flatten(),\n"
        "    nn.Linear(ngf * 2 * 14 * 14, 10),\n"
        ")\n");
    INFO(AllNotices(m.notices));
    CHECK(m.input_given);
    CHECK(m.input == Shape{1, 1, 28, 28});
    REQUIRE(m.rows.size() == 4);
    CHECK(m.rows[0].out == Shape{1, 128, 28, 28});
    CHECK(m.rows[1].out == Shape{1, 128, 14, 14});
    CHECK(m.rows[2].flat);
    CHECK(m.rows[2].out.c == 128 * 14 * 14);
    CHECK(m.rows[3].params == 128 * 14 * 14 * 10 + 10);
    // A name never assigned says so where its value is needed.
    const PastedModel unknown = Read("nn.Conv2d(1, width, 3)");
    CHECK(Said(unknown.notices, "'width' is not assigned in the paste"));
}

TEST_CASE("code paste: a class with a plain forward runs in forward's order; otherwise __init__'s, with a notice") {
    const char* plain =
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.fc = nn.Linear(8 * 4 * 4, 10)\n"  // defined first, used last
        "        self.conv = nn.Conv2d(1, 8, 3, padding=1)\n"
        "        self.pool = nn.MaxPool2d(2)\n"
        "\n"
        "    def forward(self, x):\n"
        "        x = self.pool(F.relu(self.conv(x)))\n"
        "        x = x.view(-1, 8 * 4 * 4)\n"
        "        return self.fc(x)\n"
        "\n"
        "net = Net()\n"
        "out = net(torch.randn(1, 1, 8, 8))\n";
    const PastedModel m = Read(plain);
    INFO(AllNotices(m.notices));
    CHECK(m.stopped.empty());
    REQUIRE(m.rows.size() == 5);
    CHECK(m.rows[0].path == "conv");
    CHECK(m.rows[1].type == "F.relu");
    CHECK(m.rows[2].out == Shape{1, 8, 4, 4});
    CHECK(m.rows[3].kind == PastedKind::Flatten);
    CHECK(m.rows[4].out.c == 10);
    // A skip connection is not a chain: __init__'s order, and the notice says why.
    const PastedModel skip = Read(
        "class Block(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.a = nn.Conv2d(4, 4, 3, padding=1)\n"
        "        self.b = nn.Conv2d(4, 4, 3, padding=1)\n"
        "    def forward(self, x):\n"
        "        y = self.a(x)\n"
        "        return self.b(y) + x\n");
    CHECK(Said(skip.notices, "not a plain chain"));
    CHECK(Said(skip.notices, "__init__'s order"));
    REQUIRE(skip.rows.size() == 2);
    CHECK(skip.rows[0].path == "a");
}

TEST_CASE("code paste: an unknown layer or a line not read is a notice with its line; what comes before applies") {
    const CodeImport r = ImportCode(
        "nn.Conv2d(1, 4, 3)\n"
        "y = x @@ 2\n"
        "nn.MaxPool2d(2)\n"
        "nn.Frobnicate2d(4)\n"
        "nn.Conv2d(4, 4, 3)\n",
        DefaultDoc());
    INFO(AllNotices(r.notices));
    REQUIRE(r.doc.ok());
    CHECK(r.doc.value().layers.size() == 2);  // the conv and the pool; the chain stops at Frobnicate2d
    CHECK(Said(r.notices, "line 2: did not understand '@'"));
    CHECK(Said(r.notices, "line 4: "));
    CHECK(Said(r.notices, "Frobnicate2d is not a layer convplay knows"));
    CHECK(r.model.stopped.find("line 4") == 0);
}

TEST_CASE("code paste: LazyConv2d takes its channels from the chain; a mismatch stops the chain with PyTorch's reason") {
    const PastedModel lazy = Read("nn.Sequential(nn.Conv2d(3, 8, 3), nn.LazyConv2d(16, 3, bias=False), nn.LazyLinear(5))");
    INFO(AllNotices(lazy.notices));
    REQUIRE(lazy.rows.size() >= 3);
    CHECK(lazy.rows[1].params == 16 * 8 * 9);
    const PastedModel wrong = Read("nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(16), nn.ReLU())");
    CHECK(wrong.stopped.find("expects 16 channels but gets 8") != std::string::npos);
    CHECK(wrong.rows.size() == 1);
    const PastedModel view = Read("x = torch.randn(1, 3, 8, 8)\nnn.Conv2d(3, 4, 3)(x).view(-1, 99)");
    CHECK(view.stopped.empty());  // a view at the top level is not a step
    const PastedModel linear = Read("x = torch.randn(1, 3, 8, 8)\nnn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(100, 2))");
    CHECK(linear.stopped.find("in_features is 100 but the features are 144") != std::string::npos);
}

TEST_CASE("code paste: a residual block's downsample is checked against its main path and counted on the side") {
    const char* block =
        "x = torch.randn(1, 64, 56, 56)\n"
        "BasicBlock(\n"
        "  (conv1): Conv2d(64, 128, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)\n"
        "  (bn1): BatchNorm2d(128)\n"
        "  (relu): ReLU(inplace=True)\n"
        "  (conv2): Conv2d(128, 128, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)\n"
        "  (bn2): BatchNorm2d(128)\n"
        "  (downsample): Sequential(\n"
        "    (0): Conv2d(64, 128, kernel_size=(1, 1), stride=(%d, %d), bias=False)\n"
        "    (1): BatchNorm2d(128)\n"
        "  )\n"
        ")\n";
    char good[1024], bad[1024];
    std::snprintf(good, sizeof good, block, 2, 2);
    std::snprintf(bad, sizeof bad, block, 1, 1);
    const PastedModel m = Read(good);
    INFO(AllNotices(m.notices));
    CHECK(m.stopped.empty());
    const PastedRow* side = RowAt(m, "downsample.0");
    REQUIRE(side);
    CHECK(side->side);
    CHECK(side->out == Shape{1, 128, 28, 28});
    CHECK(m.Params() == 64 * 128 * 9 + 256 + 128 * 128 * 9 + 256 + 64 * 128 + 256);
    // The Doc's chain is the main path only.
    const CodeImport r = ImportCode(good, DefaultDoc());
    REQUIRE(r.doc.ok());
    CHECK(r.doc.value().layers.size() == 5);
    const PastedModel wrong = Read(bad);
    CHECK(wrong.stopped.find("its downsample branch gives 128x56x56") != std::string::npos);
}

TEST_CASE("code paste: parallel branches concatenate on channels (SqueezeNet's Fire), a gate keeps the shape") {
    const PastedModel fire = Read(
        "x = torch.randn(1, 96, 54, 54)\n"
        "Fire(\n"
        "  (squeeze): Conv2d(96, 16, kernel_size=(1, 1), stride=(1, 1))\n"
        "  (squeeze_activation): ReLU(inplace=True)\n"
        "  (expand1x1): Conv2d(16, 64, kernel_size=(1, 1), stride=(1, 1))\n"
        "  (expand1x1_activation): ReLU(inplace=True)\n"
        "  (expand3x3): Conv2d(16, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        "  (expand3x3_activation): ReLU(inplace=True)\n"
        ")\n");
    INFO(AllNotices(fire.notices));
    REQUIRE(!fire.rows.empty());
    CHECK(fire.rows.back().kind == PastedKind::Concat);
    CHECK(fire.rows.back().out == Shape{1, 128, 54, 54});
    CHECK(fire.rows.back().note.find("64+64") != std::string::npos);
    // The Doc cannot hold parallel branches: it keeps the squeeze before them, and says so.
    std::string text = "x = torch.randn(1, 96, 54, 54)\nFire(\n";
    text += "  (squeeze): Conv2d(96, 16, kernel_size=(1, 1), stride=(1, 1))\n";
    text += "  (expand1x1): Conv2d(16, 64, kernel_size=(1, 1), stride=(1, 1))\n";
    text += "  (expand3x3): Conv2d(16, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n)\n";
    const CodeImport r = ImportCode(text, DefaultDoc());
    REQUIRE(r.doc.ok());
    CHECK(r.doc.value().layers.size() == 1);
    CHECK(Said(r.notices, "parallel branches are not a chain"));
}

TEST_CASE("code paste: padding, adaptive pooling and upsampling by PyTorch's rules") {
    const PastedModel m = Read(
        "x = torch.randn(1, 2, 10, 7)\n"
        "nn.Sequential(nn.ReflectionPad2d((1, 2, 0, 3)), nn.AdaptiveMaxPool2d((4, None)),\n"
        "              nn.Upsample(size=(9, 5)), nn.ConstantPad2d(1, 0.5))\n");
    INFO(AllNotices(m.notices));
    REQUIRE(m.rows.size() == 4);
    CHECK(m.rows[0].out == Shape{1, 2, 13, 10});
    CHECK(m.rows[1].out == Shape{1, 2, 4, 10});
    CHECK(m.rows[1].note.find("windows up to 4x1") != std::string::npos);  // 13 rows into 4: [0,4) [3,7) [6,10) [9,13)
    CHECK(m.rows[2].out == Shape{1, 2, 9, 5});
    CHECK(m.rows[3].out == Shape{1, 2, 11, 7});
    const CodeImport r = ImportCode(
        "class Up(nn.Module):\n"
        "    def forward(self, x):\n"
        "        return F.interpolate(x, scale_factor=2, mode='nearest')\n"
        "x = torch.randn(1, 1, 5, 6)\n"
        "up = Up()\n",
        DefaultDoc());
    REQUIRE_MESSAGE(r.doc.ok(), r.doc.error());
    CHECK(r.model.rows[0].out == Shape{1, 1, 10, 12});
}

TEST_CASE("code paste: bias=False in, and out in PyTorch and Keras") {
    const CodeImport r = ImportCode("nn.Sequential(nn.Conv2d(1, 4, 3, bias=False), nn.ConvTranspose2d(4, 2, 2, stride=2, bias=False))",
                                    DefaultDoc());
    REQUIRE(r.doc.ok());
    const Doc& doc = r.doc.value();
    CHECK_FALSE(doc.layers[0].bias);
    CHECK_FALSE(doc.layers[1].bias);
    const std::string torch = PyTorchCode(doc);
    CHECK(torch.find("nn.Conv2d(1, 4, kernel_size=3, bias=False)") != std::string::npos);
    CHECK(torch.find("bias=False") != torch.rfind("bias=False"));
    const Result<Doc> again = ParseLayerCode(torch, doc);
    REQUIRE(again.ok());
    CHECK_FALSE(again.value().layers[1].bias);
    const KerasCode keras = KerasCodeOf(doc);
    CHECK(keras.code.find("use_bias=False") != std::string::npos);
}

TEST_CASE("code paste: a layer's arguments the binder cannot read are left out of code out, which reads back") {
    // Found by fuzz_code: a pass-through layer's arguments are written back
    // as read; one without text of its own (a layer passed as an argument)
    // gave "ReLU(inplace, , )", which no parser reads.
    for (const char* text : {"model = nn.Sequential(nn.ReLU(inplace, nn.BatchNorm2d(8), nn.Upsample(scale_factor=2)), nn.Conv2d(1, 2, 3))\n",
                             "model = nn.Sequential(nn.LeakyReLU(0.2, inplace=(1, nn.ReLU())), nn.Conv2d(1, 2, 3))\n"}) {
        CAPTURE(text);
        const CodeImport r = ImportCode(text, DefaultDoc());
        REQUIRE(r.doc.ok());
        REQUIRE(r.doc.value().layers.size() == 2);
        const std::string code = PyTorchCode(r.doc.value());
        CHECK(code.find("(, ") == std::string::npos);
        CHECK(code.find(", ,") == std::string::npos);
        const Result<Doc> back = ParseLayerCode(code, r.doc.value());
        REQUIRE(back.ok());
        CHECK(back.value().layers.size() == 2);
    }
}
