// test_share_names.cpp — what a figure is called when it leaves the page
// (state/formats/share_names.h): titles in words from the doc itself (with
// the codec's per-op defaults already applied), file names, the embed's
// link, and the caption that stays true once a figure departs from a preset.
#include <doctest/doctest.h>

#include <string>

#include "state/formats/codec.h"
#include "state/formats/presets.h"
#include "state/formats/share_names.h"

namespace {

using namespace cp;

struct Decoded {
    Doc doc;
    View view;
};
Decoded Load(const std::string& link) {
    Decoded d;
    DecodeState(link, d.doc, d.view);
    return d;
}

}  // namespace

TEST_CASE("titles and file names say the configuration, with each op's own defaults") {
    CHECK(FigureTitle(Load("in=9&s=2&p=0").doc) == "convolution, 9\xC3\x97" "9 input, kernel 3, stride 2, padding 0");
    // A pool's stride defaults to its kernel, its padding to 0 (not conv's 1).
    CHECK(FigureTitle(Load("op=maxpool&k=2&in=8").doc) == "max pool, 8\xC3\x97" "8 input, kernel 2, stride 2, padding 0");
    CHECK(FigureTitle(Load("op=tconv&in=4x5&k=3x2").doc) ==
          "transposed convolution, 4\xC3\x97" "5 input, kernel 3\xC3\x97" "2, stride 1, padding 0");
    CHECK(FigureTitle(Load("p=same").doc).find("padding same") != std::string::npos);
    CHECK(FigureFileStem(Load("in=9&s=2&p=0").doc) == "convplay-conv-k3-s2-p0");
    CHECK(FigureFileStem(Load("op=avgpool&k=2x3").doc) == "convplay-avgpool-k2x3-s2x3-p0");
    CHECK(FigureFileStem(Load("p=1,2,0,1").doc) == "convplay-conv-k3-s1-p1-2-0-1");
    const Decoded stack = Load("layers=2&L1.op=maxpool&L1.k=2");
    CHECK(FigureTitle(stack.doc) == "2 layers (convolution, max pool), 7\xC3\x97" "7 input");
    CHECK(FigureFileStem(stack.doc) == "convplay-2-layers-conv-k3-s1-p1");
}

TEST_CASE("links: the playground's drops every embed key, an embed's keeps its own and drops the host's") {
    const Decoded d = Load("in=9&embed=1&show=formula&lock=s,p&quiz=1&origin=https://a.b&autoheight=1");
    const std::string plain = PlaygroundState(d.doc, d.view);
    for (const char* key : {"embed=", "show=", "lock=", "quiz=", "origin=", "autoheight="})
        CHECK(plain.find(key) == std::string::npos);
    const std::string embed = EmbedState(d.doc, d.view);
    for (const char* key : {"embed=1", "show=formula", "lock=", "quiz=1", "in=9"}) CHECK(embed.find(key) != std::string::npos);
    CHECK(embed.find("origin=") == std::string::npos);
    CHECK(embed.find("autoheight=") == std::string::npos);
    // A full page's state gets embed=1 of its own.
    CHECK(EmbedState(Load("in=5").doc, Load("in=5").view).find("embed=1") != std::string::npos);
}

TEST_CASE("an embed's caption: the preset's title while it is the preset's, the figure in words once it departs") {
    REQUIRE_FALSE(Presets().empty());
    const Preset& p = Presets().front();
    Doc doc;
    View view;
    ApplyPreset(p, doc, view);
    CHECK(IsPresetDoc(p, doc));
    CHECK(FigureCaption(doc, &p, IsPresetDoc(p, doc)) == std::string(p.title));

    Doc changed = doc;
    SetStride(changed.layers[0], {StrideOf(doc.layers[0]).h + 1, StrideOf(doc.layers[0]).w + 1});
    REQUIRE_FALSE(IsPresetDoc(p, changed));
    const std::string caption = FigureCaption(changed, &p, IsPresetDoc(p, changed));
    CHECK(caption.find(std::string(p.title)) == std::string::npos);  // never the preset's title
    CHECK(caption.find(FigureTitle(changed)) == 0);
    CHECK(caption.find("changed") != std::string::npos);
    CHECK(FigureCaption(changed, nullptr, false).empty());
}
