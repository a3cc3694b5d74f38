// test_embed.cpp — the embed keys of the codec (codec.h, state/formats/embed.h), the
// locks, the quiz's questions and its scene without the answer.
//
// Index
//   [SECTION] ROUND TRIPS
//   [SECTION] HOSTILE VALUES
//   [SECTION] LOCKS
//   [SECTION] QUIZ
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "scene/describe.h"
#include "scene/quiz.h"
#include "state/formats/codec.h"
#include "decoded.h"
#include "state/formats/embed.h"

namespace {

using namespace cp;
using namespace codec_test;

// [SECTION] ROUND TRIPS

TEST_CASE("embed keys decode, encode in the table's order and read back the same") {
    const std::string text =
        "v=1&in=5&embed=1&show=formula,steps&lock=s,p&autoplay=1&origin=https://course.example.org:8443"
        "&autoheight=1&quiz=fixed&qseed=7";
    const Decoded d = Decode(text);
    CHECK(d.notices.empty());
    const Embed& e = d.view.embed;
    CHECK(e.on);
    CHECK(e.show == (PanelBit("formula") | PanelBit("steps")));
    CHECK(e.lock == (LockBit("s") | LockBit("p")));
    CHECK(e.autoplay);
    CHECK(e.autoheight);
    CHECK(e.origin == "https://course.example.org:8443");
    CHECK(e.quiz == Quiz::Fixed);
    CHECK(e.quiz_seed == 7u);
    // autoplay plays a fresh frame, but a quiz waits for its answer
    CHECK_FALSE(d.view.playing);
    const std::string encoded = EncodeState(d.doc, d.view);
    CHECK(encoded ==
          "v=1&in=5&embed=1&show=formula,steps&lock=s,p&autoplay=1&origin=https%3A%2F%2Fcourse.example.org%3A8443"
          "&autoheight=1&quiz=fixed&qseed=7");
    const Decoded again = Decode(encoded);
    CHECK(again.notices.empty());
    CHECK(again.view.embed == e);
    CHECK(EncodeState(again.doc, again.view) == encoded);
}

TEST_CASE("no embed key is written at its default, and old links read as before") {
    const Decoded d = Decode("v=1&in=5&s=2");
    CHECK(d.view.embed == Embed{});
    CHECK(EncodeState(d.doc, d.view) == "v=1&in=5&s=2");
}

TEST_CASE("autoplay plays a fresh frame; lock=all and show lists read back") {
    const Decoded d = Decode("embed=1&autoplay=1&lock=all&show=controls,legend,notices");
    CHECK(d.view.playing);
    CHECK(d.view.embed.lock == kAllLocks);
    CHECK(d.view.embed.show == (PanelBit("controls") | PanelBit("legend") | PanelBit("notices")));
    const std::string encoded = EncodeState(d.doc, d.view);
    CHECK(encoded.find("lock=all") != std::string::npos);
    CHECK(encoded.find("show=controls,legend,notices") != std::string::npos);
    CHECK(Decode(encoded).view.embed == d.view.embed);
}

TEST_CASE("the playground link leaves every embed key out") {
    const Decoded d = Decode("in=6&s=2&embed=1&show=formula&lock=s&quiz=1&qseed=3&origin=https://a.b&autoheight=1");
    CHECK(PlaygroundState(d.doc, d.view) == "v=1&in=6&s=2");
}

// [SECTION] HOSTILE VALUES

TEST_CASE("a 2000-character show list is refused before it is read") {
    std::string list;
    while (list.size() < 2000) list += "formula,";
    const Decoded d = Decode("embed=1&show=" + list);
    CHECK(d.view.embed.show == 0);
    CHECK(AllText(d.notices).find("show has a value of") != std::string::npos);
}

TEST_CASE("unknown panel and key names are dropped with a notice, the known ones kept") {
    const Decoded d = Decode("show=formula,<script>,steps,%20legend%20&lock=s,bogus,p");
    CHECK(d.view.embed.show == (PanelBit("formula") | PanelBit("steps") | PanelBit("legend")));
    CHECK(d.view.embed.lock == (LockBit("s") | LockBit("p")));
    const std::string all = AllText(d.notices);
    CHECK(all.find("unknown panel") != std::string::npos);
    CHECK(all.find("unknown key") != std::string::npos);
    CHECK(all.find("<script>") == std::string::npos);  // excerpts never carry markup
}

TEST_CASE("an origin with quotes, newlines, a path or another scheme is refused") {
    for (const char* bad : {"https://a.example%22onload%3D%22x", "https://a.example%0A", "https://a.example/path",
                            "javascript:alert(1)", "https://", "ftp://a.example", "https://a.example:99999",
                            "https://a.example:80x", "https://[::1"}) {
        CAPTURE(bad);
        const Decoded d = Decode(std::string("origin=") + bad);
        CHECK(d.view.embed.origin.empty());
        CHECK(AllText(d.notices).find("not an origin") != std::string::npos);
        for (const Notice& n : d.notices)
            CHECK(n.text.find_first_of("\"\n<>") == std::string::npos);
    }
    CHECK(Decode("origin=HTTPS://Course.Example.ORG").view.embed.origin == "https://course.example.org");
    CHECK(Decode("origin=http://[::1]:8080").view.embed.origin == "http://[::1]:8080");
    CHECK(Decode("origin=http://127.0.0.1:8744").notices.empty());
    // A long host name (up to 253 characters) is an origin; a longer value is refused unread.
    CHECK(Decode("origin=https://" + std::string(200, 'a') + ".org").view.embed.origin.size() == 212);
    CHECK(Decode("origin=https://" + std::string(400, 'a') + ".org").view.embed.origin.empty());
}

TEST_CASE("malformed flags say what they expect") {
    const Decoded d = Decode("embed=yes&quiz=2&autoheight=-1&qseed=-4");
    CHECK_FALSE(d.view.embed.on);
    CHECK(d.view.embed.quiz == Quiz::Off);
    const std::string all = AllText(d.notices);
    CHECK(all.find("embed=yes is not 0 or 1") != std::string::npos);
    CHECK(all.find("quiz=2 is not 0, 1 or fixed") != std::string::npos);
    CHECK(all.find("qseed=-4") != std::string::npos);
}

// [SECTION] LOCKS

TEST_CASE("locked keys get their old value back; the others keep the edit") {
    Decoded d = Decode("in=7&s=2&p=1&k=3&embed=1&lock=s,p");
    Doc doc = d.doc;
    View view = d.view;
    SetStride(doc.layers[0], {3, 3});
    SetPadding(doc.layers[0], {0, 0});
    SetKernel(doc.layers[0], {5, 5});
    CHECK(RestoreLocked(d.doc, d.view, doc, view));
    CHECK(StrideOf(doc.layers[0]) == Size2{2, 2});
    CHECK(PaddingOf(doc.layers[0]) == Size2{1, 1});
    CHECK(KernelOf(doc.layers[0]) == Size2{5, 5});
    // nothing locked changed: nothing to restore
    Doc same = doc;
    View same_view = view;
    CHECK_FALSE(RestoreLocked(doc, view, same, same_view));
}

TEST_CASE("a locked op, input, values and heatmap stay; without lock= nothing is restored") {
    Decoded d = Decode("in=6&embed=1&lock=op,in,x,hm");
    Doc doc = d.doc;
    View view = d.view;
    doc.layers[0] = ChangeOp(doc.layers[0], OpKind::MaxPool2d);
    doc.input.h = 9;
    doc.input.edits.push_back({0, 0, 1, 1, 42});
    view.heatmap = true;
    CHECK(RestoreLocked(d.doc, d.view, doc, view));
    CHECK(doc.layers[0].op() == OpKind::Conv2d);
    CHECK(doc.input.h == 6);
    CHECK(doc.input.edits.empty());
    CHECK_FALSE(view.heatmap);

    Decoded free = Decode("in=6");
    Doc edited = free.doc;
    View edited_view = free.view;
    edited.input.h = 9;
    CHECK_FALSE(RestoreLocked(free.doc, free.view, edited, edited_view));
    CHECK(edited.input.h == 9);
}

// [SECTION] QUIZ

TEST_CASE("every quiz question is valid, in the teaching ranges, and the same for the same seed") {
    std::set<std::string> distinct;
    std::set<int> ops;
    for (uint32_t seed = 0; seed < 2000; ++seed) {
        const Doc doc = QuizQuestion(seed);
        CAPTURE(seed);
        REQUIRE(doc.layers.size() == 1);
        CHECK(doc == QuizQuestion(seed));
        const Layer& l = doc.layers[0];
        CHECK(doc.input.h >= 4);
        CHECK(doc.input.h <= 9);
        CHECK(KernelOf(l).h <= 5);
        CHECK(StrideOf(l).h <= 3);
        CHECK(PaddingOf(l).h <= 2);
        const auto p = PictureOf(l, Shape{1, 1, doc.input.h, doc.input.w});
        REQUIRE(p.ok());
        CHECK(p.value().out.h >= 2);
        CHECK(p.value().out.w >= 2);
        View v;
        distinct.insert(EncodeState(doc, v));
        ops.insert(int(l.op()));
    }
    CHECK(distinct.size() > 500);  // random enough to practise on
    CHECK(ops.size() == 4);        // every op is asked
}

TEST_CASE("a quiz waiting for its answer: no output in the scene, the SVG's data or the description") {
    Decoded d = Decode("in=7&s=2&quiz=1&step=5");
    CHECK(d.view.step == 0);  // the step-through waits for the answer (with a notice)
    CHECK(AllText(d.notices).find("waits until the answer") != std::string::npos);
    const std::vector<LayerPlan> plans = PlanDoc(d.doc);
    REQUIRE(d.view.HidesOutput());
    const Scene hidden = BuildShownScene(plans[0], d.view);
    CHECK(hidden.Grid("output") == nullptr);
    CHECK(hidden.Grid("kernel") == nullptr);
    CHECK(hidden.steps == 0);
    for (const SceneLabel& l : hidden.labels) {
        CAPTURE(l.text);
        CHECK(l.text.find("4 \xC3\x97 4") == std::string::npos);
        CHECK(l.text.find("4\xC3\x97" "4") == std::string::npos);
        CHECK(l.anchor != Anchor::Below);
    }
    const std::string words = Describe(plans[0], hidden, true);
    CHECK(words.find("output") != std::string::npos);
    CHECK(words.find("4\xC3\x97" "4") == std::string::npos);
    CHECK(words.find("of 16") == std::string::npos);
    // Answered: the whole figure again.
    View answered = d.view;
    answered.quiz_answered = true;
    const Scene shown = BuildShownScene(plans[0], answered);
    REQUIRE(shown.Grid("output") != nullptr);
    CHECK(shown.Grid("output")->rows == 4);
    CHECK(shown.steps == 16);
    // The answer is never in a link.
    answered.quiz_h = answered.quiz_w = 4;
    const std::string link = EncodeState(d.doc, answered);
    CHECK(link.find("quiz=1") != std::string::npos);
    CHECK(Decode(link).view.quiz_answered == false);
}

}  // namespace
