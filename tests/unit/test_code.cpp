// test_code.cpp — code.h: code out and code in.
//
// Index
//   [SECTION] HELPERS
//   [SECTION] ROUND TRIP: code out -> parse -> the same document
//   [SECTION] PASTED LINES: the state or the message
//   [SECTION] STACKS, INPUT LINES, PADDING BEFORE A CONV
//   [SECTION] BOUNDS
//   [SECTION] PYTORCH OUT
//   [SECTION] KERAS OUT
#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <string>

#include "random_doc.h"
#include "state/formats/code.h"
#include "state/formats/code_parser.h"
#include "state/formats/codec.h"
#include "state/formats/presets.h"
#include "state/model/sanitize.h"

namespace {

using namespace cp;

// [SECTION] HELPERS

// What the code says of a document: TensorFlow's 'SAME' has no PyTorch
// spelling, so the code writes the padding it resolves to (the plan's).
// Empty when a 'SAME' layer cannot be resolved (the code then says 'SAME',
// which PyTorch, and the parser, refuse).
std::optional<Doc> AsWritten(const Doc& doc) {
    Doc out = doc;
    const std::vector<LayerPlan> plans = PlanDoc(doc);
    for (size_t i = 0; i < out.layers.size(); ++i) {
        auto* o = std::get_if<Conv2dOptions>(&out.layers[i].options);
        if (!o || o->rule != PaddingRule::SameTF) continue;
        if (!plans[i].picture.ok()) return std::nullopt;
        o->rule = PaddingRule::Explicit;
        o->pad = plans[i].picture.value().pad;
    }
    return out;
}

void CheckRoundTrip(const Doc& doc) {
    const std::string code = PyTorchCode(doc);
    INFO("code:\n" << code);
    // Parsed on top of another document: everything the code carries comes from the code.
    Doc other = DefaultDoc();
    other.input.seed = doc.input.seed;
    other.input.edits = doc.input.edits;
    other.flip_kernel = doc.flip_kernel;
    const Result<Doc> parsed = ParseLayerCode(code, other);
    const std::optional<Doc> expected = AsWritten(doc);
    if (!expected) {
        // PyTorch refuses 'SAME': the layers before it apply, and the notice says why the chain stops there.
        const CodeImport imported = ImportCode(code, other);
        bool said = false;
        for (const std::string& n : imported.notices) said |= n.find("padding='SAME'") != std::string::npos;
        CHECK(said);
        if (parsed.ok()) CHECK(parsed.value().layers.size() < doc.layers.size());
        else CHECK(parsed.error().find("padding='SAME'") != std::string::npos);
        return;
    }
    REQUIRE_MESSAGE(parsed.ok(), parsed.error());
    Doc without_edits = *expected;  // the code does not carry edited weights
    for (Layer& l : without_edits.layers) l.weight_edits.clear();
    Doc got = parsed.value();
    for (Layer& l : got.layers) l.weight_edits.clear();
    CHECK(got == without_edits);
    // And parsed on top of the document itself, the edited weights stay.
    const Result<Doc> again = ParseLayerCode(code, doc);
    REQUIRE(again.ok());
    CHECK(again.value() == *expected);
}

// The pasted code applied to the default document as the app applies it
// (through Sanitize), as the link text of its first layer.
struct Applied {
    bool ok = false;
    std::string state_or_message;
    std::vector<Notice> notices;
    Doc doc;
};

Applied Apply(std::string_view code) {
    Applied a;
    Result<Doc> parsed = ParseLayerCode(code, DefaultDoc());
    if (!parsed.ok()) {
        a.state_or_message = parsed.error();
        return a;
    }
    a.ok = true;
    a.doc = parsed.value();
    a.notices = Sanitize(a.doc);
    a.state_or_message = EncodeState(a.doc, View{});
    return a;
}

}  // namespace

// [SECTION] ROUND TRIP: code out -> parse -> the same document

TEST_CASE("code: every preset's PyTorch code parses back to the preset's document") {
    for (const Preset& p : Presets()) {
        INFO(p.id);
        Doc doc;
        View view;
        DecodeState(PresetLink(p), doc, view);
        CheckRoundTrip(doc);
    }
}

TEST_CASE("code: 2000 random documents (stacks, every op and option) round-trip through their PyTorch code") {
    std::mt19937 rng(8);
    int stacks = 0, refused = 0, same_tf = 0, outer_pads = 0;
    for (int i = 0; i < 2000; ++i) {
        Doc doc = cp_test::RandomDoc(rng);
        Sanitize(doc);
        // Some edited weights on layer 0, which the code does not carry: they
        // stay when the pasted layer keeps its weight shape.
        if (doc.layers[0].op() == OpKind::Conv2d) doc.layers[0].weight_edits.push_back({0, 0, 0, 0, 5});
        Sanitize(doc);
        CAPTURE(i);
        CheckRoundTrip(doc);
        stacks += doc.layers.size() > 1;
        const std::vector<LayerPlan> plans = PlanDoc(doc);
        for (const LayerPlan& pl : plans) refused += !pl.picture.ok();
        for (const Layer& l : doc.layers)
            if (auto* o = std::get_if<Conv2dOptions>(&l.options)) {
                same_tf += o->rule == PaddingRule::SameTF;
                outer_pads += o->rule == PaddingRule::Explicit &&
                              (o->pad.top != o->pad.bottom || o->pad.left != o->pad.right);
            }
    }
    // The sample covers what it claims to.
    CHECK(stacks > 500);
    CHECK(refused > 100);
    CHECK(same_tf > 100);
    CHECK(outer_pads > 100);
}

// [SECTION] PASTED LINES: the state or the message

TEST_CASE("code: a table of pasted PyTorch lines, with the state each sets or the message it raises") {
    struct Case {
        const char* code;
        bool ok;
        const char* expect;  // the link text of the state, or a part of the message
    };
    const Case cases[] = {
        {"nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)", true, "v=1&cin=3&cout=16&s=2"},
        {"torch.nn.MaxPool2d(2, ceil_mode=True)", true, "v=1&op=maxpool&k=2&ceil=1"},
        {"nn.ConvTranspose2d(8, 4, (3, 5), stride=(2, 1), output_padding=1)", true,
         "v=1&op=tconv&cin=8&cout=4&k=3x5&s=2x1&opad=1"},
        {"layer = nn.Conv2d(1, 8, 3, padding='same', padding_mode='reflect', bias=False)", true,
         "v=1&cout=8&p=same&pm=reflect&bias=0"},
        {"conv = torch.nn.Conv2d(in_channels=4, out_channels=8, kernel_size=(3, 3), dilation=2, groups=2)", true,
         "v=1&cin=4&cout=8&g=2&d=2&p=0"},
        {"nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False, divisor_override=3)", true,
         "v=1&op=avgpool&s=2&p=1&cip=0&div=3"},
        {"nn.MaxPool2d(kernel_size=3, stride=None, padding=(1, 0), dilation=(1, 2))", true,
         "v=1&op=maxpool&d=1x2&p=1x0"},
        {"nn.Conv2d(3, 16, 5, stride=2, padding='valid')", true, "v=1&cin=3&cout=16&k=5&s=2&p=valid"},
        {"nn.Conv2d(3, 16, 3, stride=2, padding='same')", true, "v=1&cin=3&cout=16&s=2&p=same"},
        {"x = torch.randn(1, 3, 32, 32)\nnn.Conv2d(3, 16, 5)", true, "v=1&in=32&cin=3&cout=16&k=5&p=0"},
        {"x = F.pad(x, (0, 1, 0, 1))\nlayer = nn.Conv2d(1, 1, 3, stride=2)", true, "v=1&s=2&p=0,1,0,1"},
        {"nn.Conv2d(3, 16, kernel_size=abc)", false, "kernel_size=abc: expected an integer or a tuple of two"},
        {"nn.Conv2d(3, 16, 3, stride=1.5)", false, "stride=1.5: expected an integer or a tuple of two."},
        {"nn.Conv2d(3, 16, (3, 3, 3))", false, "kernel_size=(3, 3, 3): expected an integer or a tuple of two."},
        {"nn.Conv2d(3, 16)", false, "nn.Conv2d() is missing its argument 'kernel_size'."},
        {"nn.Conv2d(3, 16, 3, foo=1)", false, "nn.Conv2d() got an unexpected keyword argument 'foo'."},
        {"nn.Conv2d(3, 16, 3, 1, stride=2)", false, "nn.Conv2d() got multiple values for argument 'stride'."},
        {"nn.Conv2d(3, 16, 3, padding=(1, 2, 1, 2))", false, "for per-side padding put F.pad"},
        {"nn.Conv2d(3, 16, 3, padding='full')", false, "padding='full': expected an integer, a tuple of two, 'same' or 'valid'."},
        {"nn.Conv2d(3, 16, 3, padding_mode='mirror')", false,
         "padding_mode='mirror': expected one of 'zeros' 'reflect' 'replicate' 'circular'."},
        {"nn.ConvTranspose2d(3, 3, 3, padding_mode='reflect')", false, "supports only 'zeros'"},
        {"nn.MaxPool2d(2, ceil_mode=maybe)", false, "ceil_mode=maybe: expected True or False"},
        {"nn.AvgPool2d(2, divisor_override=0)", false, "divisor_override=0: PyTorch refuses a zero divisor"},
        {"nn.Linear(10, 5)", false, "nn.Linear(10, 5): in_features is 10 but the map 1x7x7 has 49"},
        {"nn.Conv2d(3, 16, 3", false, "the code ends too early"},
        {"nn.Conv2d(3, 16, 3) @@ 1", false, "line 1: did not understand '@'."},
        {"tf.keras.layers.Conv2D(16, 3)", false, "only PyTorch code is read here."},
        {"for i in range(3):\n    nn.Conv2d(3, 3, 3)", false, "a loop is not run"},
        {"", false, "found no layer"},
        {"nn.Sequential(nn.Conv2d(3, 8, 3), nn.Conv2d(4, 16, 3))", true, "v=1&cin=3&cout=8&p=0"},
        {"x = torch.randn(1, 1, 8, 8)\nnn.Conv2d(3, 16, 3)", false, "in_channels is 3 but the input gives 1 channels"},
        {"nn.Conv2d(3, 16, 3, stride='2)", false, "line 1: a string is not closed."},
    };
    for (const Case& c : cases) {
        INFO(c.code);
        const Applied a = Apply(c.code);
        CHECK(a.ok == c.ok);
        if (c.ok) CHECK(a.state_or_message == c.expect);
        else CHECK_MESSAGE(a.state_or_message.find(c.expect) != std::string::npos, a.state_or_message);
    }
}

TEST_CASE("code: values out of range are Sanitize's to repair, with its notices") {
    // Real sizes are kept (limits.h: geometry only); a negative padding is repaired.
    const Applied a = Apply("nn.Conv2d(100, 16, 3, stride=40, padding=-1)");
    REQUIRE(a.ok);
    CHECK(a.state_or_message == "v=1&cin=100&cout=16&s=40&p=0");
    bool padding = false;
    for (const Notice& n : a.notices) padding |= n.text == "padding -1 is less than 0: set to 0.";
    CHECK(padding);
}

TEST_CASE("code: the input size is kept, the seed, edits and flip too; weight edits only while their tensor keeps its shape") {
    Doc current = DefaultDoc();
    current.input.h = 11;
    current.input.w = 9;
    current.input.edits.push_back({0, 0, 1, 1, 7});
    current.flip_kernel = true;
    current.layers[0].weight_edits.push_back({0, 0, 0, 0, 4});
    const Result<Doc> same_shape = ParseLayerCode("nn.Conv2d(1, 1, 3, stride=2)", current);
    REQUIRE(same_shape.ok());
    CHECK(same_shape.value().input == current.input);
    CHECK(same_shape.value().flip_kernel);
    CHECK(same_shape.value().layers[0].weight_edits == current.layers[0].weight_edits);
    const Result<Doc> other_shape = ParseLayerCode("nn.Conv2d(1, 1, 5)", current);
    REQUIRE(other_shape.ok());
    CHECK(other_shape.value().layers[0].weight_edits.empty());
}

// [SECTION] STACKS, INPUT LINES, PADDING BEFORE A CONV

TEST_CASE("code: nn.Sequential is a stack; padding layers join the conv after them") {
    const Result<Doc> r = ParseLayerCode(
        "import torch.nn as nn\n"
        "model = nn.Sequential(\n"
        "    nn.Conv2d(3, 8, 3, padding=1),  # keeps the size\n"
        "    nn.MaxPool2d(2),\n"
        "    nn.ReflectionPad2d((1, 2, 1, 2)),\n"
        "    nn.Conv2d(8, 16, kernel_size=3, stride=2),\n"
        "    nn.ConvTranspose2d(16, 4, 2, stride=2),\n"
        ")\n"
        "print(model(torch.randn(1, 3, 16, 16)).shape)\n",
        DefaultDoc());
    REQUIRE_MESSAGE(r.ok(), r.error());
    const Doc& doc = r.value();
    REQUIRE(doc.layers.size() == 4);
    CHECK(doc.input.channels == 3);
    CHECK(doc.input.h == 16);
    CHECK(doc.layers[1].op() == OpKind::MaxPool2d);
    const auto& c = std::get<Conv2dOptions>(doc.layers[2].options);
    CHECK(c.pad == Padding4{1, 2, 1, 2});
    CHECK(c.mode == PaddingMode::Reflect);
    CHECK(doc.layers[3].op() == OpKind::ConvTranspose2d);
    CHECK(doc.layers[3].out_channels == 4);
    // The zeros of F.pad add to a conv's own zero padding; another mode does not.
    const Result<Doc> sum = ParseLayerCode("x = F.pad(x, (0, 1, 0, 1))\ny = nn.Conv2d(1, 1, 3, padding=1)(x)", DefaultDoc());
    REQUIRE_MESSAGE(sum.ok(), sum.error());
    CHECK(std::get<Conv2dOptions>(sum.value().layers[0].options).pad == Padding4{1, 2, 1, 2});
    const Result<Doc> mixed =
        ParseLayerCode("x = F.pad(x, (0, 1, 0, 1), mode='reflect')\nnn.Conv2d(1, 1, 3, padding=1)", DefaultDoc());
    // ... so the reflect padding stays a layer of its own, before the conv.
    REQUIRE(mixed.ok());
    REQUIRE(mixed.value().layers.size() == 2);
    CHECK(mixed.value().layers[0].kind() == LayerKind::Pad2d);
    CHECK(std::get<Pad2dOptions>(mixed.value().layers[0].options).mode == PaddingMode::Reflect);
}

// [SECTION] BOUNDS

TEST_CASE("code: hostile text is bounded: length, tokens, nesting") {
    const std::string long_text(kMaxCodeText + 1, ' ');
    CHECK(ParseLayerCode(long_text, DefaultDoc()).error().find("at most " + std::to_string(kMaxCodeText)) != std::string::npos);
    std::string deep = "nn.Conv2d(1, 1, ";
    for (int i = 0; i < 2000; ++i) deep += "(";
    CHECK(ParseLayerCode(deep, DefaultDoc()).error().find("nests more than") != std::string::npos);
    std::string many;
    for (size_t i = 0; i < code::kMaxTokens / 2 + 10; ++i) many += "1,";
    CHECK(ParseLayerCode(many, DefaultDoc()).error().find("more than " + std::to_string(code::kMaxTokens) + " tokens") !=
          std::string::npos);
    // A huge literal is refused, not wrapped around.
    CHECK_FALSE(ParseLayerCode("nn.Conv2d(1, 1, 99999999999999999999999)", DefaultDoc()).ok());
    // Arithmetic that would overflow is a value not known, not a wrapped one.
    const CodeImport big = ImportCode("k = 2 ** 62 * 2 ** 62\nnn.Conv2d(1, 1, k)", DefaultDoc());
    CHECK_FALSE(big.doc.ok());
    CHECK(big.doc.error().find("too large") != std::string::npos);
}

// [SECTION] PYTORCH OUT

TEST_CASE("code: PyTorch code for the opening document, and the shape it prints is the plan's") {
    const std::string code = PyTorchCode(DefaultDoc());
    CHECK(code.find("x = torch.randn(1, 1, 7, 7)\n") != std::string::npos);
    CHECK(code.find("layer = nn.Conv2d(1, 1, kernel_size=3, padding=1)\n") != std::string::npos);
    CHECK(code.find("print(layer(x).shape)  # torch.Size([1, 1, 7, 7])") != std::string::npos);

    Doc doc;
    View view;
    DecodeState("v=1&in=7&cout=16&s=2&p=SAME", doc, view);
    const std::string tf = PyTorchCode(doc);
    CHECK(tf.find("x = F.pad(x, (1, 1, 1, 1))") == std::string::npos);  // symmetric here: the conv pads itself
    CHECK(tf.find("nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1)") != std::string::npos);
    DecodeState("v=1&in=8&cout=16&s=2&p=SAME", doc, view);
    CHECK(PyTorchCode(doc).find("x = F.pad(x, (0, 1, 0, 1))  # TensorFlow 'SAME' on 8x8") != std::string::npos);

    DecodeState("v=1&s=2&p=same", doc, view);
    const std::string refused = PyTorchCode(doc);
    CHECK(refused.find("padding='same'") != std::string::npos);
    CHECK(refused.find("# raises: ") != std::string::npos);
}

TEST_CASE("code: a stack is an nn.Sequential with each layer's shape; circular per-side padding brings its module") {
    Doc doc = DefaultDoc();
    Layer pool;
    pool.options = MaxPool2dOptions{{2, 2}};
    doc.layers.push_back(pool);
    Layer conv;
    Conv2dOptions o;
    o.pad = {0, 1, 0, 1};
    o.mode = PaddingMode::Circular;
    conv.options = o;
    conv.out_channels = 4;
    doc.layers.push_back(conv);
    const std::string code = PyTorchCode(doc);
    INFO(code);
    CHECK(code.find("model = nn.Sequential(\n") != std::string::npos);
    CHECK(code.find("nn.MaxPool2d(2),  # -> [1, 1, 3, 3]") != std::string::npos);
    CHECK(code.find("class CircularPad2d(nn.Module)") != std::string::npos);
    CHECK(code.find("    CircularPad2d((0, 1, 0, 1)),") != std::string::npos);
    CHECK(code.find("print(model(x).shape)  # torch.Size([1, 4, 2, 2])") != std::string::npos);
    CheckRoundTrip(doc);
}

// [SECTION] KERAS OUT

TEST_CASE("code: Keras where an exact equivalent exists, and why not where none does") {
    struct Case {
        const char* link;
        const char* expect;  // a part of the code, or of why_not
        bool exact;
    };
    const Case cases[] = {
        {"v=1", "layer = tf.keras.layers.Conv2D(1, 3, padding='same')", true},
        {"v=1&in=8&cout=16&s=2&p=SAME", "tf.keras.layers.Conv2D(16, 3, strides=2, padding='same')", true},
        {"v=1&in=8&s=2&p=1", "tf.keras.layers.ZeroPadding2D(((1, 1), (1, 1))),\n    tf.keras.layers.Conv2D(1, 3, strides=2)", true},
        {"v=1&p=0", "tf.keras.layers.Conv2D(1, 3)\nprint(layer(x).shape)  # (1, 5, 5, 1)", true},
        {"v=1&p=1&pm=reflect", "Keras has no reflect padding layer", false},
        {"v=1&p=0&pm=reflect", "tf.keras.layers.Conv2D(1, 3)", true},  // nothing padded: the mode does nothing
        {"v=1&s=2&d=2&p=0&in=12", "cannot combine strides > 1 with dilation_rate > 1", false},
        {"v=1&op=tconv&in=3&s=2&p=1&opad=1",
         "tf.keras.layers.Conv2DTranspose(1, 3, strides=2, output_padding=1),\n    tf.keras.layers.Cropping2D(((1, 1), (1, 1)))",
         true},
        {"v=1&op=tconv&cin=2&cout=2&g=2", "has no groups", false},
        {"v=1&op=maxpool&k=2", "tf.keras.layers.MaxPooling2D(2)", true},
        {"v=1&op=maxpool&in=5&k=2&ceil=1", "tf.keras.layers.MaxPooling2D(2, padding='same')", true},  // the same windows
        {"v=1&op=maxpool&in=5&k=2&p=1&ceil=1", "neither gives these windows", false},
        {"v=1&op=maxpool&k=3&s=1&p=1", "tf.keras.layers.MaxPooling2D(3, strides=1, padding='same')", true},
        {"v=1&op=avgpool&k=3&s=1&p=1", "count_include_pad=True counts the padding", false},
        {"v=1&op=avgpool&k=3&s=1&p=1&cip=0", "AveragePooling2D(3, strides=1, padding='same')", true},
        {"v=1&op=avgpool&k=2&div=3", "no divisor_override", false},
        {"v=1&s=2&p=same", "PyTorch refuses it", false},
    };
    for (const Case& c : cases) {
        INFO(c.link);
        Doc doc;
        View view;
        DecodeState(c.link, doc, view);
        const KerasCode k = KerasCodeOf(doc);
        INFO(k.code);
        CHECK(k.why_not.empty() == c.exact);
        CHECK((c.exact ? k.code : k.why_not).find(c.expect) != std::string::npos);
        if (!c.exact) CHECK(k.code == "# " + k.why_not + "\n");
    }
}
