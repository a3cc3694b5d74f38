// test_codec.cpp — codec.h: the link format v1 frozen by examples, every key
// round-tripped, every malformed form with its notice, partial states and op
// switches, a seeded property test (text -> state -> text is the identity on
// sanitized states) and the hostile corpus tests/codec/hostile.txt.
//
// Index
//   [SECTION] HELPERS
//   [SECTION] FROZEN LINKS
//   [SECTION] EVERY KEY ROUND-TRIPS
//   [SECTION] MALFORMED AND HOSTILE VALUES
//   [SECTION] THE ADDED KEYS: x w flip pin hm theme link preset
//   [SECTION] PARTIAL STATES AND OP SWITCHES
//   [SECTION] PROPERTY: RANDOM SANITIZED STATES
//   [SECTION] HOSTILE CORPUS
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "state/formats/codec.h"
#include "decoded.h"
#include "state/model/limits.h"
#include "state/formats/presets.h"
#include "state/model/sanitize.h"

namespace {

using namespace cp;
using namespace codec_test;

// [SECTION] HELPERS

const Layer& L0(const Decoded& d) { return d.doc.layers.at(0); }

// Decoding is total and lands on a sanitized state that re-encodes stably.
void CheckInvariants(std::string_view text, const Decoded& d) {
    INFO("text: " << std::string(text.substr(0, 200)));
    Doc again = d.doc;
    const std::vector<Notice> more = Sanitize(again);
    CHECK_MESSAGE(more.empty(), AllText(more));
    CHECK(again == d.doc);
    REQUIRE(d.doc.layers.size() >= 1);
    REQUIRE(d.doc.layers.size() <= size_t(kMaxLayers));
    CHECK(d.doc.input.h >= 1);
    CHECK(d.doc.input.h <= kMaxGeometrySide);
    CHECK(d.doc.input.w >= 1);
    CHECK(d.doc.input.w <= kMaxGeometrySide);
    CHECK(d.doc.input.channels <= kMaxGeometryChannels);
    const std::string encoded = EncodeState(d.doc, d.view);
    CHECK(encoded.rfind("v=1", 0) == 0);
    const Decoded back = Decode(encoded);
    CHECK_MESSAGE(back.notices.empty(), encoded << "\n" << AllText(back.notices));
    CHECK(back.doc == d.doc);
    CHECK(back.view == d.view);
    CHECK(EncodeState(back.doc, back.view) == encoded);
    for (const Notice& n : d.notices)
        for (const char c : n.text) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n') == true);
}

}  // namespace

// [SECTION] FROZEN LINKS
// These texts are links people have: they must decode like this forever.

TEST_CASE("codec: the empty link is the opening document, and it encodes as v=1") {
    for (const char* text : {"", "#", "v=1", "#v=1"}) {
        const Decoded d = Decode(text);
        CHECK_MESSAGE(d.notices.empty(), text << ": " << AllText(d.notices));
        CHECK(d.doc == DefaultDoc());
        CHECK(d.view == View{});
    }
    CHECK(EncodeState(DefaultDoc(), View{}) == "v=1");
    const auto keys = StateKeys(DefaultDoc(), View{});
    REQUIRE(keys.size() == 1);
    CHECK(keys[0] == std::pair<std::string, std::string>{"v", "1"});
}

TEST_CASE("codec: frozen v1 links") {
    {
        const Decoded d = Decode("v=1&op=conv&in=9x8&cin=2&cout=4&g=2&k=5x3&s=2&d=1x2&p=1,2,0,3&pm=reflect&seed=42");
        CHECK(d.notices.empty());
        CHECK(d.doc.input == InputSpec{9, 8, 2, 42, {}});
        CHECK(L0(d).op() == OpKind::Conv2d);
        CHECK(L0(d).kernel == Size2{5, 3});
        CHECK(L0(d).out_channels == 4);
        const auto& o = std::get<Conv2dOptions>(L0(d).options);
        CHECK(o.stride == Size2{2, 2});
        CHECK(o.dilation == Size2{1, 2});
        CHECK(o.groups == 2);
        CHECK(o.rule == PaddingRule::Explicit);
        CHECK(o.pad == Padding4{1, 2, 0, 3});
        CHECK(o.mode == PaddingMode::Reflect);
    }
    {
        const Decoded d = Decode("op=tconv&k=4&s=2&p=1&opad=1x0");
        CHECK(d.notices.empty());
        const auto& o = std::get<ConvTranspose2dOptions>(L0(d).options);
        CHECK(L0(d).kernel == Size2{4, 4});
        CHECK(o.stride == Size2{2, 2});
        CHECK(o.padding == Size2{1, 1});
        CHECK(o.output_padding == Size2{1, 0});
        CHECK(o.dilation == Size2{1, 1});
    }
    {   // pools: s left out is the engine's 0, "= kernel"; p defaults to 0
        const Decoded d = Decode("op=maxpool");
        CHECK(d.notices.empty());
        const auto& o = std::get<MaxPool2dOptions>(L0(d).options);
        CHECK(o.kernel == Size2{3, 3});
        CHECK(o.stride == Size2{0, 0});
        CHECK(o.padding == Size2{0, 0});
        CHECK(o.ceil_mode == false);
        CHECK(EncodeState(d.doc, d.view) == "v=1&op=maxpool");
    }
    {
        const Decoded d = Decode("op=avgpool&k=2&ceil=1&cip=0&div=3&p=1");
        CHECK(d.notices.empty());
        const auto& o = std::get<AvgPool2dOptions>(L0(d).options);
        CHECK(o.kernel == Size2{2, 2});
        CHECK(o.stride == Size2{0, 0});
        CHECK(o.padding == Size2{1, 1});
        CHECK(o.ceil_mode);
        CHECK(!o.count_include_pad);
        CHECK(o.divisor_override == 3);
    }
    {
        const Decoded d = Decode("p=same");
        CHECK(std::get<Conv2dOptions>(L0(d).options).rule == PaddingRule::Same);
        CHECK(std::get<Conv2dOptions>(Decode("p=SAME").doc.layers[0].options).rule == PaddingRule::SameTF);
        CHECK(std::get<Conv2dOptions>(Decode("p=valid").doc.layers[0].options).rule == PaddingRule::Valid);
        CHECK(std::get<Conv2dOptions>(Decode("p=0").doc.layers[0].options).rule == PaddingRule::Explicit);
    }
    {
        const Decoded d = Decode("in=9&step=5&play=1&speed=2.5&zoom=0.75");
        CHECK(d.notices.empty());
        CHECK(d.view.step == 5);
        CHECK(d.view.playing);
        CHECK(d.view.speed == 2.5f);
        CHECK(d.view.zoom == 0.75f);
    }
}

TEST_CASE("codec: the format's defaults are today's opening document") {
    // If DefaultDoc() or View{} changes, old links keep their meaning (the
    // codec's defaults are frozen), but the page's empty fragment then differs
    // from "v=1": decide that consciously.
    CHECK(Decode("").doc == DefaultDoc());
    CHECK(Decode("").view == View{});
}

// [SECTION] EVERY KEY ROUND-TRIPS

TEST_CASE("codec: every key round-trips in its canonical form") {
    const char* links[] = {
        "v=1&in=5", "v=1&in=3x11", "v=1&cin=4", "v=1&seed=0", "v=1&seed=4294967295", "v=1&cout=3",
        "v=1&cin=4&cout=4&g=2", "v=1&k=1", "v=1&k=5x3", "v=1&s=2", "v=1&s=1x3", "v=1&d=2", "v=1&d=3x1",
        "v=1&p=0", "v=1&p=2", "v=1&p=2x0", "v=1&p=0,1,2,3", "v=1&p=same", "v=1&p=valid", "v=1&p=SAME",
        "v=1&pm=reflect", "v=1&pm=replicate", "v=1&pm=circular",
        "v=1&op=tconv", "v=1&op=tconv&k=4&s=2&p=1&opad=1", "v=1&op=tconv&s=2&opad=0x1", "v=1&op=tconv&cin=2&g=2&d=2",
        "v=1&op=maxpool", "v=1&op=maxpool&k=2", "v=1&op=maxpool&s=1", "v=1&op=maxpool&d=2&p=1&ceil=1",
        "v=1&op=avgpool", "v=1&op=avgpool&cip=0", "v=1&op=avgpool&div=5", "v=1&op=avgpool&div=-2",
        "v=1&op=avgpool&k=3x2&s=2x1&p=1x0&ceil=1",
        "v=1&step=3", "v=1&play=1", "v=1&speed=0.25", "v=1&speed=20", "v=1&speed=3.125", "v=1&zoom=8",
        "v=1&zoom=1.5", "v=1&zoom=0.3",
    };
    for (const std::string link : links) {
        INFO(link);
        const Decoded d = Decode(link);
        CHECK_MESSAGE(d.notices.empty(), AllText(d.notices));
        CHECK(EncodeState(d.doc, d.view) == link);
        CheckInvariants(link, d);
    }
}

TEST_CASE("codec: tolerated spellings read the same as the canonical one") {
    const std::pair<const char*, const char*> same[] = {
        {"#v=1&k=5", "v=1&k=5"}, {"k=5x5", "v=1&k=5"}, {"k=5X3", "v=1&k=5x3"}, {"p=1%2C2%2C3%2C4", "v=1&p=1,2,3,4"},
        {"p=1,1,1,1", "v=1"}, {"p=2,2,0,0", "v=1&p=2x0"}, {"k=+5+", "v=1&k=5"}, {"k=%205", "v=1&k=5"},
        {"%6B=5", "v=1&k=5"}, {"op=avgpool&div=none", "v=1&op=avgpool"}, {"op=avgpool&div=0", "v=1&op=avgpool"},
        {"op=maxpool&p=valid", "v=1&op=maxpool"}, {"speed=2.50", "v=1&speed=2.5"}, {"zoom=.5", "v=1&zoom=0.5"},
        {"zoom=01.0", "v=1"}, {"k=05", "v=1&k=5"}, {"s=2&v=1", "v=1&s=2"},
    };
    for (const auto& pair : same) {
        const std::string text = pair.first, canonical = pair.second;  // (clang 14: INFO cannot capture a binding)
        INFO(text);
        const Decoded d = Decode(text);
        CHECK_MESSAGE(d.notices.empty(), AllText(d.notices));
        CHECK(EncodeState(d.doc, d.view) == canonical);
    }
}

TEST_CASE("codec: StateKeys are EncodeState's pairs") {
    const Decoded d = Decode("op=tconv&k=4&s=2&p=1&zoom=2");
    const auto keys = StateKeys(d.doc, d.view);
    std::string joined;
    for (const auto& [k, v] : keys) joined += (joined.empty() ? "" : "&") + k + "=" + v;
    CHECK(joined == EncodeState(d.doc, d.view));
    CHECK(joined == "v=1&op=tconv&k=4&s=2&p=1&zoom=2");
}

// [SECTION] MALFORMED AND HOSTILE VALUES

TEST_CASE("codec: each malformed form says what it did") {
    struct Case {
        std::string text, notice;
    };
    const Case cases[] = {
        {"s=abc", "s=abc is not a size (N or HxW): using 1."},
        {"op=maxpool&s=abc", "s=abc is not a size (N or HxW): using 0."},
        {"cin=two", "cin=two is not a number: using 1."},
        {"k=99999999999", "k=99999999999 is out of range: using 3."},
        {"k=2147483648", "k=2147483648 is out of range: using 3."},
        {"k=-9223372036854775808", "is out of range: using 3."},
        {"k=", "k= is not a size"},
        {"k=3x", "k=3x is not a size"},
        {"k=1.5", "k=1.5 is not a size"},
        {"k=0x10", "kernel 0 is less than 1: set to 1."},
        {"k=0xA", "k=0xA is not a size"},
        {"k=3 4", "k=3 4 is not a size"},
        {"k=99999999", "kernel 99999999 is more than 16777216: set to 16777216."},
        {"k=-3", "kernel -3 is less than 1: set to 1."},
        {"s=0", "stride 0 is less than 1: set to 1."},
        {"in=99999999", "height 99999999 is more than 16777216: set to 16777216."},
        {"cin=99999999", "channels 99999999 is more than 16777216"},
        {"seed=-1", "seed=-1 is out of range: using 1."},
        {"seed=4294967296", "seed=4294967296 is out of range"},
        {"seed=x", "seed=x is not a seed"},
        {"op=conv3d", "op=conv3d is not an op (conv, tconv, maxpool, avgpool, pad, adaptavg, adaptmax, up, flatten, linear or a class name): using conv."},
        {"pm=mirror", "pm=mirror is not a padding mode"},
        {"p=1,2,3", "p=1,2,3 is not a padding"},
        {"p=1,2,3,4,5", "p=1,2,3,4,5 is not a padding"},
        {"p=1,,3,4", "is not a padding"},
        {"p=Same", "p=Same is not a padding"},
        {"op=maxpool&p=same", "p=same is not available for maxpool (N or HxW): using 0."},
        {"op=tconv&p=1,2,3,4", "p=1,2,3,4 is not available for tconv"},
        {"op=conv&opad=1", "opad does not apply to conv: ignored."},
        {"op=maxpool&cout=4", "cout does not apply to maxpool: ignored."},
        {"op=avgpool&d=2", "d does not apply to avgpool: ignored."},
        {"op=tconv&pm=reflect", "pm does not apply to tconv: ignored."},
        {"ceil=1", "ceil does not apply to conv: ignored."},
        {"op=maxpool&ceil=yes", "ceil=yes is not 0 or 1: using 0."},
        {"play=true", "play=true is not 0 or 1: using 0."},
        {"speed=fast", "speed=fast is not a decimal number: using 2."},
        {"speed=nan", "speed=nan is not a decimal number"},
        {"speed=inf", "speed=inf is not a decimal number"},
        {"speed=1e3", "speed=1e3 is not a decimal number"},
        {"speed=1" + std::string(50, '0'), "is out of range: using 2."},
        {"speed=100", "speed is outside 0.25 to 20: set to 20."},
        {"zoom=0", "zoom is outside 0.25 to 8: set to 0.25."},
        {"step=1000", "step 1000 is not a step of this layer: set to 48."},
        {"step=-1", "step -1 is not a step of this layer: set to 0."},
        {"foo=1", "unknown key 'foo': ignored."},
        {"K=3", "unknown key 'K': ignored."},
        {"layers=9999", "layers=9999 is more than 1024: using 1024."},
        {"L-1.s=2", "'L-1.s' is not a layer key"},
        {"k", "'k' has no '=value': ignored."},
        {"=", "'=' has no key: ignored."},
        {"=5", "'=5' has no key: ignored."},
        {"&&&", "ignored 4 empty part(s)"},
        {"k=%zz", "'k=%zz' has a broken %-escape: ignored."},
        {"k=%4", "has a broken %-escape"},
        {"k=5%", "has a broken %-escape"},
        {"k=%00", "k=? is not a size"},
        {"k=3&k=5", "k is given 2 times: used the last, k=5."},
        {"v=2&k=5", "the link is from a newer convplay (v=2): read what this version knows."},
        {"v=0", "v=0 is not a format version: read as v=1."},
        {"v=abc", "v=abc is not a format version"},
        {"k=<script>alert(1)</script>", "k=?script?alert(1)?/sc... is not a size"},
        {"%3Cscript%3E=1", "unknown key '?script?': ignored."},
        {"k=\xE2\x9C\x93", "k=??? is not a size"},
        {"k=" + std::string(65, '1'), "k has a value of 65 characters: ignored."},
        {std::string(65, 'a') + "=1", "a key of 65 characters"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const Decoded d = Decode(c.text);
        CHECK_MESSAGE(Mentions(d.notices, c.notice), AllText(d.notices));
        CheckInvariants(c.text, d);
    }
}

TEST_CASE("codec: a malformed value keeps the default, and the rest of the link still applies") {
    const Decoded d = Decode("k=5&s=abc&p=2");
    CHECK(L0(d).kernel == Size2{5, 5});
    const auto& o = std::get<Conv2dOptions>(L0(d).options);
    CHECK(o.stride == Size2{1, 1});
    CHECK(o.pad == Padding4::Symmetric(2, 2));
    CHECK(d.notices.size() == 1);
}

TEST_CASE("codec: notices are bounded and never echo much of the input") {
    std::string text;
    for (int i = 0; text.size() <= kMaxStateText; ++i) text += "x" + std::to_string(i) + "=1&";
    const Decoded d = Decode(text);
    CHECK(d.notices.size() <= 16);
    CHECK(Mentions(d.notices, "characters long: read the first"));
    CHECK(Mentions(d.notices, "more problems in the link."));
    for (const Notice& n : d.notices) CHECK(n.text.size() < 160);
    CheckInvariants(text, d);

    const Decoded hostile = Decode("k=" + std::string(60, '\x01'));
    for (const Notice& n : hostile.notices) {
        CHECK(n.text.find('\x01') == std::string::npos);
        CHECK(n.text.size() < 160);
    }
}

TEST_CASE("codec: the input is read up to kMaxStateText characters, cut at a '&'") {
    std::string text = "k=5&" + std::string(kMaxStateText - 6, 'a') + "=1&s=2";
    const Decoded d = Decode(text);
    CHECK(L0(d).kernel == Size2{5, 5});
    CHECK(std::get<Conv2dOptions>(L0(d).options).stride == Size2{1, 1});  // beyond the bound
    CHECK(Mentions(d.notices, "read the first"));
}

// [SECTION] THE ADDED KEYS: x w flip pin hm theme link preset
// Keys added within v1. Every frozen link above has none of them, so those
// tests passing unchanged is the proof that old links read as before.

TEST_CASE("codec: the added keys round-trip in their canonical form") {
    const char* links[] = {
        "v=1&x=1.2.5", "v=1&x=0.0.-99", "v=1&x=1.2.5_0.0.99_6.6.0", "v=1&cin=2&x=1.0.0.-3_2.1.7",
        "v=1&w=0.0.9", "v=1&w=2.1.-4_0.0.1", "v=1&cout=2&w=1.0.2.2.-1", "v=1&cin=2&w=1.0.0.4",
        "v=1&cin=2&cout=2&w=1.1.0.0.3_1.0.1.1.2", "v=1&op=tconv&w=1.1.1", "v=1&op=tconv&cin=2&w=1.0.0.0.5",
        "v=1&flip=1", "v=1&op=maxpool&flip=1", "v=1&pin=2.3", "v=1&pin=0.0", "v=1&in=9x4&pin=8.3",
        "v=1&op=avgpool&k=2&pin=2.2", "v=1&hm=1", "v=1&theme=dark", "v=1&theme=light", "v=1&link=0",
        "v=1&preset=full-padding", "v=1&in=5&p=2&preset=full-padding",
        ("v=1&op=tconv&in=3&k=4&s=2&p=1&step=4&zoom=2&x=1.1.-2&w=3.3.7&flip=1&pin=5.0&hm=1&theme=light&link=0&"
         "preset=stride-skips"),
    };
    for (const std::string link : links) {
        INFO(link);
        const Decoded d = Decode(link);
        CHECK_MESSAGE(d.notices.empty(), AllText(d.notices));
        CHECK(EncodeState(d.doc, d.view) == link);
        CheckInvariants(link, d);
    }
    const Decoded d = Decode("cin=2&cout=3&x=1.0.1.5&w=2.1.0.2.-7&flip=1&pin=4.5&hm=1&theme=dark&link=0&preset=dilation");
    CHECK(d.doc.input.edits == std::vector<CellValue>{{0, 1, 0, 1, 5}});
    CHECK(L0(d).weight_edits == std::vector<CellValue>{{2, 1, 0, 2, -7}});
    CHECK(d.doc.flip_kernel);
    CHECK(d.view.pinned == CellRef{0, 4, 5});
    CHECK(d.view.heatmap);
    CHECK(d.view.theme == Theme::Dark);
    CHECK(!d.view.link_hw);
    CHECK(d.view.preset == "dilation");
    CHECK(std::get<Conv2dOptions>(L0(d).options).dilation == Size2{1, 1});  // preset= names, never applies
}

TEST_CASE("codec: tolerated spellings of the added keys") {
    const std::pair<const char*, const char*> same[] = {
        {"x=0.1.2.5", "v=1&x=1.2.5"}, {"w=0.0.1.1.3", "v=1&w=1.1.3"}, {"w=0.1.1.3", "v=1&w=1.1.3"},
        {"x=none", "v=1"}, {"op=tconv&w=none", "v=1&op=tconv"}, {"pin=none", "v=1"}, {"preset=none", "v=1"},
        {"x=1.2.%2D5", "v=1&x=1.2.-5"}, {"x=01.02.05", "v=1&x=1.2.5"}, {"theme=auto", "v=1"}, {"link=1", "v=1"},
        {"flip=0&hm=0", "v=1"}, {"pin=02.03", "v=1&pin=2.3"}, {"x=1.2.5_1.2.6", "v=1&x=1.2.6"},
        {"preset=dilation&d=2&p=0", "v=1&d=2&p=0&preset=dilation"},
    };
    for (const auto& pair : same) {
        const std::string text = pair.first, canonical = pair.second;
        INFO(text);
        const Decoded d = Decode(text);
        CHECK_MESSAGE(d.notices.empty(), AllText(d.notices));
        CHECK(EncodeState(d.doc, d.view) == canonical);
    }
}

TEST_CASE("codec: malformed forms of the added keys say what they did") {
    struct Case {
        std::string text, notice;
    };
    std::string many;  // 65 distinct cells: one past the bound
    for (int i = 0; i < 65; ++i) many += (i ? "_" : "") + std::to_string(i / 8) + "." + std::to_string(i % 8) + ".1";
    const Case cases[] = {
        {"x=1.2", "x: 1 malformed entry ('1.2'): ignored; one is [c.]y.x.value."},
        {"x=a.b.c", "x: 1 malformed entry ('a.b.c')"},
        {"x=0.0.1.2.3", "x: 1 malformed entry ('0.0.1.2.3')"},
        {"x=1.2.3_", "x: 1 malformed entry ('')"},
        {"x=1.2.3__4.5.6_x", "x: 2 malformed entries ('')"},
        {"x=1..3", "x: 1 malformed entry ('1..3')"},
        {"x=.1.2", "malformed entry"},
        {"x=1.2.3.", "malformed entry"},
        {"x=1.2.+3", "malformed entry"},
        {"x=1.2.0x3", "malformed entry"},
        {"x=1.2.99999999999", "x: 1 malformed entry ('1.2.99999999999')"},
        {"x=", "x: 1 malformed entry ('')"},
        {"x=1,2,3", "x: 1 malformed entry ('1,2,3')"},
        {"x=1.2.100", "1 edited value(s) beyond \xC2\xB1" "99: clamped."},
        {"x=1.2.-1000", "beyond \xC2\xB1" "99: clamped."},
        {"x=7.7.1", "1 edited value(s) outside the cells or past the 64 kept: ignored."},
        {"x=-1.0.1", "outside the cells"},
        {"x=1.0.0.1", "outside the cells"},  // one channel
        {"in=8&x=" + many, "1 edited value(s) outside the cells or past the 64 kept: ignored."},
        {"x=" + std::string(1025, '1'), "x has a value of 1025 characters: ignored."},
        {"w=0.0.0.0.0.1", "w: 1 malformed entry ('0.0.0.0.0.1'): ignored; one is [[o.]c.]y.x.value."},
        {"w=3.3.1", "[layer 1 weights] 1 edited value(s) outside the cells"},
        {"w=1.0.0.0.1", "[layer 1 weights] 1 edited value(s) outside the cells"},
        {"w=0.0.-100", "[layer 1 weights] 1 edited value(s) beyond"},
        {"op=maxpool&w=0.0.1", "w does not apply to maxpool: ignored."},
        {"op=avgpool&w=0.0.1", "w does not apply to avgpool: ignored."},
        {"in=3&x=2.2.1&in=2", "[input] 1 edited value(s) outside the cells"},
        {"flip=2", "flip=2 is not 0 or 1: using 0."},
        {"flip=true", "flip=true is not 0 or 1"},
        {"pin=3", "pin=3 is not a cell (row.column) or none: using none."},
        {"pin=-1.2", "pin=-1.2 is not a cell"},
        {"pin=1.2.3", "pin=1.2.3 is not a cell"},
        {"pin=1x2", "pin=1x2 is not a cell"},
        {"pin=.", "pin=. is not a cell"},
        {"pin=99999999999.1", "pin=99999999999.1 is out of range: using none."},
        {"pin=9.9", "pin 9.9 is not a cell of the 7\xC3\x97" "7 output: not pinned."},
        {"in=9x4&pin=0.4", "pin 0.4 is not a cell of the 9\xC3\x97" "4 output: not pinned."},
        {"g=2&pin=0.0", "pin 0.0 is not a cell of an output: not pinned."},
        {"hm=yes", "hm=yes is not 0 or 1: using 0."},
        {"theme=Dark", "theme=Dark is not a theme (auto, dark, light): using auto."},
        {"theme=", "theme= is not a theme"},
        {"link=2", "link=2 is not 0 or 1: using 1."},
        {"preset=nope", "preset=nope is not a preset of this version: using none."},
        {"preset=Full-Padding", "is not a preset of this version"},
        {"preset=%3Cscript%3E", "preset=?script? is not a preset"},
        {"x=1.1.1&x=2.2.2", "x is given 2 times: used the last, x=2.2.2."},
    };
    for (const Case& c : cases) {
        INFO(c.text.substr(0, 120));
        const Decoded d = Decode(c.text);
        CHECK_MESSAGE(Mentions(d.notices, c.notice), AllText(d.notices));
        CheckInvariants(c.text, d);
    }
}

TEST_CASE("codec: a malformed entry drops only itself") {
    const Decoded d = Decode("x=1.1.4_oops_2.2.-5&w=0.0.bad_1.1.3");
    CHECK(d.doc.input.edits == std::vector<CellValue>{{0, 0, 1, 1, 4}, {0, 0, 2, 2, -5}});
    CHECK(L0(d).weight_edits == std::vector<CellValue>{{0, 0, 1, 1, 3}});
    CHECK(d.notices.size() == 2);
}

TEST_CASE("codec: 64 edits of the longest form fit a link and read back") {
    Doc doc = DefaultDoc();
    doc.input = {64, 64, 16, 1, {}};
    for (int i = 0; i < kMaxValueEdits; ++i) doc.input.edits.push_back({0, 15 - i % 16, 63 - i / 16, 63, -99});
    Layer& conv = doc.layers[0];
    conv.kernel = {9, 9};
    conv.out_channels = 16;
    for (int i = 0; i < kMaxValueEdits; ++i) conv.weight_edits.push_back({15 - i % 16, 15, 8 - i / 16, 8, -99});
    doc.input.h = doc.input.w = 12;  // under the work cap with 16 x 16 channels and 9 x 9 kernels
    for (CellValue& e : doc.input.edits) e.y -= 52, e.x -= 52;
    REQUIRE(Sanitize(doc).empty());
    const std::string link = EncodeState(doc, View{});
    CHECK(link.size() < kMaxStateText);
    const Decoded d = Decode(link);
    CHECK_MESSAGE(d.notices.empty(), AllText(d.notices));
    CHECK(d.doc == doc);
}

TEST_CASE("codec: ApplyState with the added keys") {
    {   // x=none clears; a value with nothing readable keeps what was there
        Decoded d = Decode("x=1.1.5");
        CHECK(ApplyState("x=junk", d.doc, d.view).notices.size() == 1);
        CHECK(d.doc.input.edits.size() == 1);
        CHECK(ApplyState("x=none", d.doc, d.view).notices.empty());
        CHECK(d.doc.input.edits.empty());
    }
    {   // an op switch keeps the input's edits, flip and the view's keys, and drops the weights'
        Decoded d = Decode("x=1.1.5&w=0.0.2&flip=1&hm=1&theme=light&link=0&preset=border-reads");
        CHECK(ApplyState("op=tconv", d.doc, d.view).notices.empty());
        CHECK(d.doc.input.edits.size() == 1);
        CHECK(L0(d).weight_edits.empty());
        CHECK(d.doc.flip_kernel);
        CHECK(d.view.heatmap);
        CHECK(d.view.theme == Theme::Light);
        CHECK(!d.view.link_hw);
        CHECK(d.view.preset == "border-reads");
    }
    {   // a smaller kernel drops the weight edits it no longer has, and says so
        Decoded d = Decode("w=2.2.4_0.0.1");
        const auto r = ApplyState("k=2", d.doc, d.view);
        CHECK(Mentions(r.notices, "[layer 1 weights] 1 edited value(s) outside the cells"));
        CHECK(L0(d).weight_edits == std::vector<CellValue>{{0, 0, 0, 0, 1}});
    }
    {   // a pin the new sizes no longer have is dropped with a notice
        Decoded d = Decode("pin=6.6");
        const auto r = ApplyState("in=5", d.doc, d.view);
        CHECK(Mentions(r.notices, "pin 6.6 is not a cell of the 5\xC3\x97" "5 output: not pinned."));
        CHECK(!d.view.pinned.valid());
        ApplyState("pin=1.2", d.doc, d.view);
        CHECK(d.view.pinned == CellRef{0, 1, 2});
        ApplyState("pin=none", d.doc, d.view);
        CHECK(!d.view.pinned.valid());
    }
    {   // a pin on a later layer is not the link's: kept
        Doc doc = DefaultDoc();
        doc.layers.push_back(doc.layers[0]);
        View view;
        view.pinned = {1, 2, 2};
        CHECK(ApplyState("k=5&p=2", doc, view).notices.empty());
        CHECK(view.pinned == CellRef{1, 2, 2});
        CHECK(EncodeState(doc, view) == "v=1&k=5&p=2&layers=2");
    }
}

// [SECTION] PARTIAL STATES AND OP SWITCHES

TEST_CASE("codec: ApplyState changes only the keys given") {
    Decoded d = Decode("in=9&k=5&s=2&p=2&zoom=2");
    d.view.pan_x = 3;
    const auto r = ApplyState("cout=3", d.doc, d.view);
    CHECK(r.notices.empty());
    CHECK(L0(d).out_channels == 3);
    CHECK(L0(d).kernel == Size2{5, 5});
    CHECK(d.doc.input.h == 9);
    CHECK(d.view.zoom == 2);
    CHECK(d.view.pan_x == 3);
    CHECK(EncodeState(d.doc, d.view) == "v=1&in=9&cout=3&k=5&s=2&p=2&zoom=2");
}

TEST_CASE("codec: switching op keeps kernel, stride, padding and dilation where they mean the same") {
    {
        Decoded d = Decode("k=5&s=2&p=2&d=2&cout=4");
        ApplyState("op=maxpool", d.doc, d.view);
        const auto& o = std::get<MaxPool2dOptions>(L0(d).options);
        CHECK(o.kernel == Size2{5, 5});
        CHECK(o.stride == Size2{2, 2});
        CHECK(o.padding == Size2{2, 2});
        CHECK(o.dilation == Size2{2, 2});
        ApplyState("op=conv", d.doc, d.view);
        CHECK(L0(d).kernel == Size2{5, 5});
        CHECK(L0(d).out_channels == 1);  // a pool has no filters to remember
    }
    {   // a pool's "stride = kernel" becomes the kernel in numbers
        Decoded d = Decode("op=avgpool&k=3x2&ceil=1");
        ApplyState("op=conv", d.doc, d.view);
        CHECK(std::get<Conv2dOptions>(L0(d).options).stride == Size2{3, 2});
        ApplyState("op=maxpool", d.doc, d.view);
        CHECK(std::get<MaxPool2dOptions>(L0(d).options).ceil_mode == false);
    }
    {   // between pools: ceil stays; between convs: channels and groups stay
        Decoded d = Decode("op=avgpool&ceil=1");
        ApplyState("op=maxpool", d.doc, d.view);
        CHECK(std::get<MaxPool2dOptions>(L0(d).options).ceil_mode);
        Decoded c = Decode("cin=4&cout=4&g=2&p=same");
        ApplyState("op=tconv", c.doc, c.view);
        CHECK(L0(c).out_channels == 4);
        CHECK(std::get<ConvTranspose2dOptions>(L0(c).options).groups == 2);
        CHECK(std::get<ConvTranspose2dOptions>(L0(c).options).padding == Size2{0, 0});  // 'same' has no tconv form
    }
    {   // keys in the same text apply to the new op
        Decoded d = Decode("");
        const auto r = ApplyState("op=tconv&opad=1&s=2", d.doc, d.view);
        CHECK(r.notices.empty());
        CHECK(std::get<ConvTranspose2dOptions>(L0(d).options).output_padding == Size2{1, 1});
        CHECK(std::get<ConvTranspose2dOptions>(L0(d).options).padding == Size2{1, 1});  // carried from conv's p=1
    }
}

TEST_CASE("codec: ApplyState keeps layers past the first") {
    Doc doc = DefaultDoc();
    Layer pool;
    MaxPool2dOptions m;
    m.kernel = {2, 2};
    pool.options = m;
    doc.layers.push_back(pool);
    View view;
    ApplyState("k=5", doc, view);
    REQUIRE(doc.layers.size() == 2);
    CHECK(doc.layers[1] == pool);
    CHECK(doc.layers[0].kernel == Size2{5, 5});
}

// [SECTION] PROPERTY: RANDOM SANITIZED STATES

namespace {

Doc RandomDoc(std::mt19937& rng) {
    auto in = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto size = [&](int lo, int hi) { return in(0, 1) ? Size2::Both(in(lo, hi)) : Size2{in(lo, hi), in(lo, hi)}; };
    Doc doc;
    doc.input = {in(1, 40), in(1, 40), in(1, 8), uint32_t(rng()), {}};
    Layer layer;
    switch (in(0, 3)) {
        case 0: {
            Conv2dOptions o;
            o.stride = size(1, kMaxStride);
            o.dilation = size(1, 3);
            o.groups = in(1, 4);
            o.mode = PaddingMode(in(0, 3));
            o.rule = PaddingRule(in(0, 3));
            if (o.rule == PaddingRule::Explicit)
                o.pad = in(0, 1) ? Padding4::Symmetric(in(0, 4), in(0, 4))
                                 : Padding4{in(0, 4), in(0, 4), in(0, 4), in(0, 4)};
            layer.options = o;
            layer.kernel = size(1, kMaxKernelSide);
            layer.out_channels = in(1, 8);
            break;
        }
        case 1: {
            ConvTranspose2dOptions o;
            o.stride = size(1, 4);
            o.dilation = size(1, 3);
            o.padding = size(0, 4);
            o.output_padding = size(0, 3);
            o.groups = in(1, 4);
            layer.options = o;
            layer.kernel = size(1, kMaxKernelSide);
            layer.out_channels = in(1, 8);
            break;
        }
        case 2: {
            MaxPool2dOptions o;
            o.kernel = size(1, 5);
            o.stride = in(0, 1) ? Size2{0, 0} : size(1, 4);
            o.padding = size(0, 2);
            o.dilation = size(1, 3);
            o.ceil_mode = in(0, 1);
            layer.options = o;
            break;
        }
        default: {
            AvgPool2dOptions o;
            o.kernel = size(1, 5);
            o.stride = in(0, 1) ? Size2{0, 0} : size(1, 4);
            o.padding = size(0, 2);
            o.ceil_mode = in(0, 1);
            o.count_include_pad = in(0, 1);
            o.divisor_override = in(0, 2) ? 0 : in(-5, 20);
            layer.options = o;
            break;
        }
    }
    // The added keys: edited values (some past the cells, for Sanitize to
    // drop) and textbook flipping.
    const int edits = in(0, 3) == 0 ? in(0, kMaxValueEdits) : in(0, 4);
    for (int i = 0; i < edits; ++i)
        doc.input.edits.push_back({0, in(0, doc.input.channels - 1), in(0, doc.input.h), in(0, doc.input.w),
                                   in(-kMaxCellValue - 2, kMaxCellValue + 2)});
    if (layer.op() == OpKind::Conv2d || layer.op() == OpKind::ConvTranspose2d) {
        const int dim0 = layer.op() == OpKind::Conv2d ? layer.out_channels : doc.input.channels;
        const int weights = in(0, 5);
        for (int i = 0; i < weights; ++i)
            layer.weight_edits.push_back({in(0, dim0 - 1), in(0, 3), in(0, layer.kernel.h - 1),
                                          in(0, layer.kernel.w - 1), in(-kMaxCellValue, kMaxCellValue)});
    }
    doc.flip_kernel = in(0, 1);
    doc.layers.push_back(layer);
    return doc;
}

}  // namespace

TEST_CASE("codec: property: text -> state -> text is the identity on 3000 random sanitized states") {
    std::mt19937 rng(20240611);
    int refused = 0, playing = 0, edited = 0, pinned = 0;
    for (int i = 0; i < 3000; ++i) {
        Doc doc = RandomDoc(rng);
        Sanitize(doc);
        View view;
        const auto plans = PlanDoc(doc);
        const int64_t steps = plans[0].picture.ok() ? plans[0].picture.value().Steps() : 0;
        refused += steps == 0;
        view.step = steps > 0 ? int(std::uniform_int_distribution<int64_t>(0, steps - 1)(rng)) : 0;
        view.playing = rng() & 1;
        view.speed = std::uniform_real_distribution<float>(0.25f, 20.0f)(rng);
        view.zoom = (rng() & 1) ? 1.0f : std::uniform_real_distribution<float>(0.25f, 8.0f)(rng);
        if (steps > 0 && (rng() & 1)) {
            const Shape out = plans[0].picture.value().out;
            view.pinned = {0, int(rng() % uint32_t(out.h)), int(rng() % uint32_t(out.w))};
        }
        view.heatmap = rng() & 1;
        view.theme = Theme(rng() % 3);
        view.link_hw = rng() % 4 != 0;
        if (rng() & 1) view.preset = std::string(Presets()[rng() % Presets().size()].id);
        SanitizeView(view, plans);
        playing += view.playing;
        edited += !doc.input.edits.empty() + !doc.layers[0].weight_edits.empty();
        pinned += view.pinned.valid();

        const std::string text = EncodeState(doc, view);
        INFO(text);
        Doc doc2;
        View view2;
        const DecodeResult r = DecodeState(text, doc2, view2);
        REQUIRE_MESSAGE(r.notices.empty(), AllText(r.notices));
        REQUIRE(doc2 == doc);
        REQUIRE(view2 == view);
        REQUIRE(EncodeState(doc2, view2) == text);
        // Applying a state's own text on top of it changes nothing.
        const DecodeResult again = ApplyState(text, doc2, view2);
        REQUIRE_MESSAGE(again.notices.empty(), AllText(again.notices));
        REQUIRE(doc2 == doc);
        REQUIRE(view2 == view);
    }
    CHECK(refused > 0);   // the engine's refusals (groups, 'same' with stride) are states too
    CHECK(playing > 0);
    CHECK(edited > 1000);
    CHECK(pinned > 500);
}

// [SECTION] HOSTILE CORPUS

TEST_CASE("codec: every line of tests/codec/hostile.txt decodes to a sanitized state, with a notice") {
    const std::string path = std::string(CONVPLAY_TESTS_DIR) + "/codec/hostile.txt";
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot read " << path);
    std::string line;
    int lines = 0;
    while (std::getline(file, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // \xHH in the file stands for the byte HH (control characters, NUL, invalid UTF-8).
        std::string text;
        for (size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\\' && i + 3 < line.size() && line[i + 1] == 'x') {
                text += char(std::stoi(line.substr(i + 2, 2), nullptr, 16));
                i += 3;
            } else {
                text += line[i];
            }
        }
        // "@REPEAT n text" expands to n copies (thousands of keys, long values).
        if (text.rfind("@REPEAT ", 0) == 0) {
            const size_t sp = text.find(' ', 8);
            const int n = std::stoi(text.substr(8, sp - 8));
            const std::string unit = text.substr(sp + 1);
            text.clear();
            for (int k = 0; k < n; ++k) text += unit;
        }
        ++lines;
        INFO("line " << lines << ": " << line.substr(0, 120));
        const Decoded d = Decode(text);
        // Repaired with a notice, or a real configuration the figure explains:
        // refused by the engine, too large to draw (a summary), or past the
        // work cap (LimitNotices). Sizes are no longer clamped for drawing.
        const auto plans = PlanDoc(d.doc);
        bool explained = !d.notices.empty() || !LimitNotices(plans).empty();
        for (const LayerPlan& p : plans) explained |= !p.picture.ok();
        CHECK_MESSAGE(explained, "a hostile line produced no notice and draws as given");
        CheckInvariants(text, d);
    }
    CHECK(lines >= 200);
}

TEST_CASE("codec: bias=0 per conv layer travels in a link, and only a zero is written") {
    Doc doc = DefaultDoc();
    CHECK(EncodeState(doc, View{}).find("bias") == std::string::npos);
    doc.layers[0].bias = false;
    doc.layers.push_back(doc.layers[0]);
    doc.layers[1].bias = true;
    doc.layers.push_back(doc.layers[0]);
    const std::string link = EncodeState(doc, View{});
    CHECK(link.find("&bias=0") != std::string::npos);
    CHECK(link.find("L2.bias=0") != std::string::npos);
    CHECK(link.find("L1.bias") == std::string::npos);
    const Decoded d = Decode(link);
    CHECK(d.notices.empty());
    REQUIRE(d.doc.layers.size() == 3);
    CHECK_FALSE(d.doc.layers[0].bias);
    CHECK(d.doc.layers[1].bias);
    CHECK_FALSE(d.doc.layers[2].bias);
    CHECK(Mentions(Decode("op=maxpool&bias=0").notices, "bias does not apply to maxpool"));
}
