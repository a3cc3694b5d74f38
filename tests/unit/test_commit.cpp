// test_commit.cpp — the one door (state/commit.h): the same change gives the
// same document and the same notices whichever way it comes in (a control's
// edit, a link or setState, pasted code, a preset), and the lock gate refuses
// a student's change that needs a locked key as a whole.
//
// Index
//   [SECTION] ONE DOOR, ONE SET OF NOTICES
//   [SECTION] THE LOCK GATE
//   [SECTION] NOTICES AND CHANGES
//   [SECTION] ONCE: A CHANGE IS SANITIZED ONCE AND PLANNED ONCE
#include <doctest/doctest.h>

#include <string>

#include "module/doc_text.h"
#include "state/commit.h"
#include "state/formats/code.h"
#include "state/formats/codec.h"
#include "state/formats/embed.h"
#include "state/formats/presets.h"

namespace {

using namespace cp;

// A session opened from a link, as the page opens one.
Session Opened(const std::string& link) {
    Session s;
    Change c;
    c.from = From::Host;
    c.doc = s.doc();
    c.view = s.view();
    c.notices = DecodeState(link, *c.doc, *c.view).notices;
    Commit(s, std::move(c));
    return s;
}

// setState / postMessage / the URL: text through the codec, from the host.
CommitResult HostText(Session& s, const std::string& text) {
    Change c;
    c.from = From::Host;
    c.doc = s.doc();
    c.view = s.view();
    c.notices = ApplyState(text, *c.doc, *c.view).notices;
    c.doc_from_codec = true;  // as app_bridge.cpp commits it
    return Commit(s, std::move(c));
}

// A control's edit: the UI's copy of the doc, edited, from the student.
template <class Edit>
CommitResult StudentDocEdit(Session& s, Edit edit) {
    Change c;
    c.doc = s.doc();
    edit(*c.doc);
    return Commit(s, std::move(c));
}

std::string Texts(const std::vector<Notice>& notices) {
    std::string all;
    for (const Notice& n : notices) all += n.field + ": " + n.text + "\n";
    return all;
}

}  // namespace

// [SECTION] ONE DOOR, ONE SET OF NOTICES

// A stride past what geometry accepts (limits.h: only overflow bounds it).
constexpr int kTooLong = kMaxGeometrySide * 4;

TEST_CASE("a stride past the limit: the control, setState and pasted code give the same doc and notices") {
    Session by_control = Opened("in=9"), by_host = Opened("in=9"), by_code = Opened("in=9");

    const CommitResult control = StudentDocEdit(by_control, [](Doc& d) { SetStride(d.layers[0], {kTooLong, kTooLong}); });
    const CommitResult host = HostText(by_host, "s=" + std::to_string(kTooLong));

    const Result<Doc> parsed = ParseLayerCode("nn.Conv2d(1, 1, 3, stride=" + std::to_string(kTooLong) + ", padding=1)", by_code.doc());
    REQUIRE(parsed.ok());
    Change pasted;
    pasted.doc = ThroughCodec(parsed.value(), &pasted.notices);
    const CommitResult code = Commit(by_code, std::move(pasted));

    CHECK(control.changed);
    CHECK(host.changed);
    CHECK(code.changed);
    CHECK_FALSE(control.notices.empty());  // the repair is said, not silent
    CHECK(Texts(control.notices).find("stride") != std::string::npos);
    CHECK(Texts(host.notices) == Texts(control.notices));
    CHECK(Texts(code.notices) == Texts(control.notices));
    CHECK(by_host.doc() == by_control.doc());
    CHECK(by_code.doc() == by_control.doc());
    // What the session shows is what the commit said.
    CHECK(Texts(by_control.notices()) == Texts(control.notices));
    CHECK(Texts(by_host.notices()) == Texts(host.notices));
    CHECK(Texts(by_code.notices()) == Texts(code.notices));
}

TEST_CASE("pasted code opens what a link to it opens") {
    Session s = Opened("in=8");
    const Result<Doc> parsed = ParseLayerCode("nn.MaxPool2d(2)", s.doc());
    REQUIRE(parsed.ok());
    std::vector<Notice> notices;
    const Doc through = ThroughCodec(parsed.value(), &notices);
    CHECK(notices.empty());
    Doc linked;
    View view;
    CHECK(DecodeState(EncodeState(through, View{}), linked, view).notices.empty());
    CHECK(linked == through);
    CHECK(through.layers[0].op() == OpKind::MaxPool2d);
}

TEST_CASE("a preset through the commit: the same doc as its link, the old notices dismissed") {
    Session s = Opened("s=" + std::to_string(kTooLong));
    REQUIRE_FALSE(s.notices().empty());
    const Preset& p = Presets().front();
    Change c;
    c.doc = s.doc();
    c.view = s.view();
    ApplyPreset(p, *c.doc, *c.view);
    c.dismiss_notices = true;
    const CommitResult r = Commit(s, std::move(c));
    CHECK(r.changed);
    CHECK(s.notices().empty());
    Session linked = Opened(PresetLink(p));
    CHECK(s.doc() == linked.doc());
}

// [SECTION] THE LOCK GATE

TEST_CASE("a student's change that needs a locked key is refused whole, with why; the host may set it") {
    // course.html's frame: stride and padding locked, the solver offers "s1 p2 d2".
    Session s = Opened("in=7&s=2&p=1&embed=1&lock=s,p");
    const Doc before = s.doc();
    Change solver;
    solver.doc = s.doc();
    Layer& l = solver.doc->layers[0];
    SetStride(l, {1, 1});
    SetPadding(l, {2, 2});
    SetDilation(l, {2, 2});
    const CommitResult r = Commit(s, std::move(solver));
    CHECK(r.refused);
    CHECK(r.changed);  // the notice is new on screen
    CHECK(s.doc() == before);  // not d=2 alone
    REQUIRE(r.notices.size() == 1);
    CHECK(r.notices[0].field == "lock");
    CHECK(r.notices[0].text.find("s and p") != std::string::npos);
    CHECK(Texts(s.notices()).find("s and p") != std::string::npos);

    // A change that keeps the locked keys goes through.
    const CommitResult d2 = StudentDocEdit(s, [](Doc& d) { SetDilation(d.layers[0], {2, 2}); });
    CHECK_FALSE(d2.refused);
    CHECK(DilationOf(s.doc().layers[0]).h == 2);

    // The host page may set a locked key (setState, postMessage).
    const CommitResult host = HostText(s, "s=1&p=2");
    CHECK_FALSE(host.refused);
    CHECK(StrideOf(s.doc().layers[0]).h == 1);
    CHECK(PaddingOf(s.doc().layers[0]).h == 2);
}

TEST_CASE("the gate sees locked view keys, a locked op, and what Sanitize would move") {
    Session s = Opened("in=6&embed=1&lock=op,hm,in");
    Change heat;
    heat.view = s.view();
    heat.view->heatmap = true;
    CHECK(Commit(s, std::move(heat)).refused);
    CHECK_FALSE(s.view().heatmap);

    const CommitResult op = StudentDocEdit(s, [](Doc& d) { d.layers[0] = ChangeOp(d.layers[0], OpKind::MaxPool2d); });
    CHECK(op.refused);
    CHECK(s.doc().layers[0].op() == OpKind::Conv2d);

    // in locked, channels free: 16 channels of a 6x6 input stay in the limits.
    const CommitResult cin = StudentDocEdit(s, [](Doc& d) { d.input.channels = 2; });
    CHECK_FALSE(cin.refused);
    CHECK(s.doc().input.channels == 2);

    // Pasted code is a student's change too.
    const Result<Doc> parsed = ParseLayerCode("nn.MaxPool2d(2)", s.doc());
    REQUIRE(parsed.ok());
    Change pasted;
    pasted.doc = ThroughCodec(parsed.value(), &pasted.notices);
    CHECK(Commit(s, std::move(pasted)).refused);
    CHECK(s.doc().layers[0].op() == OpKind::Conv2d);
}

TEST_CASE("New question may move locked keys; without lock= nothing is gated") {
    Session s = Opened("embed=1&quiz=1&lock=all");
    Change next;
    next.view = s.view();
    next.view->embed.quiz_seed += 1;
    next.doc = QuizQuestion(next.view->embed.quiz_seed);
    const Doc question = *next.doc;
    CHECK_FALSE(Commit(s, std::move(next)).refused);
    Doc sane = question;
    Sanitize(sane);
    CHECK(s.doc() == sane);

    Session free = Opened("in=7");
    const CommitResult r = StudentDocEdit(free, [](Doc& d) { SetStride(d.layers[0], {2, 2}); });
    CHECK_FALSE(r.refused);
    CHECK(StrideOf(free.doc().layers[0]).h == 2);
}

// [SECTION] NOTICES AND CHANGES

TEST_CASE("a view edit keeps the doc's notices; a doc edit replaces them; nothing new is no change") {
    Session s = Opened("s=" + std::to_string(kTooLong));
    const std::string said = Texts(s.notices());
    REQUIRE_FALSE(said.empty());
    Change step;
    step.view = s.view();
    step.view->heatmap = true;
    CHECK(Commit(s, std::move(step)).changed);
    CHECK(Texts(s.notices()) == said);

    Change same;
    same.view = s.view();
    CHECK_FALSE(Commit(s, std::move(same)).changed);

    const CommitResult fine = StudentDocEdit(s, [](Doc& d) { SetStride(d.layers[0], {2, 2}); });
    CHECK(fine.changed);
    CHECK(fine.notices.empty());
    CHECK(s.notices().empty());

    Change picture;  // image mode's new picture: the session is the same
    picture.touched = true;
    CHECK(Commit(s, std::move(picture)).changed);

    // The app's own view fields are not the change's to set.
    Change dark;
    dark.view = s.view();
    dark.view->dark = !s.view().dark;
    dark.view->can_fullscreen = !s.view().can_fullscreen;
    CHECK_FALSE(Commit(s, std::move(dark)).changed);
}

TEST_CASE("another configuration is another quiz question") {
    Session s = Opened("embed=1&quiz=1");
    Change answer;
    answer.view = s.view();
    answer.view->quiz_answered = true;
    Commit(s, std::move(answer));
    REQUIRE(s.view().quiz_answered);
    HostText(s, "in=8");
    CHECK_FALSE(s.view().quiz_answered);
}

// [SECTION] ONCE: A CHANGE IS SANITIZED ONCE AND PLANNED ONCE

namespace {

// What `run` costs in Sanitize and PlanDoc runs.
struct Runs {
    uint64_t sanitize = 0, plan = 0;
};
template <class F>
Runs Counted(F run) {
    const uint64_t s0 = SanitizeRuns(), p0 = PlanDocRuns();
    run();
    return {SanitizeRuns() - s0, PlanDocRuns() - p0};
}

}  // namespace

TEST_CASE("once: every way in sanitizes a change once and plans it once") {
    Session s;
    // A control's edit.
    Runs r = Counted([&] { StudentDocEdit(s, [](Doc& d) { d.input.h = 9; }); });
    CHECK(r.sanitize == 1);
    CHECK(r.plan == 1);
    // The same under locks: the gate reads the one sanitized doc.
    Session locked = Opened("embed=1&lock=k");
    r = Counted([&] { StudentDocEdit(locked, [](Doc& d) { d.input.h = 9; }); });
    CHECK(r.sanitize == 1);
    CHECK(r.plan == 1);
    // A link (the URL, setState, postMessage): the codec sanitizes it, and fits
    // the view from the chain's shapes; the commit plans it.
    r = Counted([&] { HostText(s, "in=12&layers=3&L2.op=maxpool&layer=2&pin=1.1"); });
    CHECK(r.sanitize == 1);
    CHECK(r.plan == 1);
    CHECK(s.doc().layers.size() == 3);
    CHECK(s.view().layer == 2);
    // Pasted code, as the page applies it: the tools' document opened as a
    // link, then committed.
    const CodeImport pasted = ImportCode("x = torch.randn(1, 3, 32, 32)\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3),"
                                         " nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2))", s.doc());
    REQUIRE(pasted.doc.ok());
    const std::string wire = DocText(pasted.doc.value());
    r = Counted([&] {
        Change c;
        c.doc = DocOfText(wire, &c.notices);
        c.doc_from_codec = true;
        Commit(s, std::move(c));
    });
    CHECK(r.sanitize == 1);
    CHECK(r.plan == 1);
    CHECK(s.doc().layers.size() == 4);
    // A view edit plans nothing and sanitizes no document.
    r = Counted([&] {
        Change c;
        c.view = s.view();
        c.view->step = 3;
        Commit(s, std::move(c));
    });
    CHECK(r.sanitize == 0);
    CHECK(r.plan == 0);
}

TEST_CASE("once: the work cap is decided from the one plan's shapes, never by planning again") {
    // Past the values cap (limits.h): Sanitize repairs nothing and plans
    // nothing; the commit's one plan says the cap binds, once, in words.
    Doc big = DefaultDoc();
    big.input = {64, 64, 16, 1, {}};
    big.layers[0].out_channels = 16;
    big.layers[0].kernel = {9, 9};
    Runs r = Counted([&] { CHECK(Sanitize(big).empty()); });
    CHECK(r.plan == 0);
    Session s;
    Change c;
    c.doc = big;
    CommitResult result;
    r = Counted([&] { result = Commit(s, std::move(c)); });
    CHECK(r.plan == 1);
    REQUIRE(result.notices.size() == 1);
    CHECK(result.notices[0].text == kValuesCapNotice);
    // From the plan's own multiply-adds: LimitNotices reads the plans it is given.
    r = Counted([&] { CHECK(LimitNotices(s.plans()).size() == 1); });
    CHECK(r.plan == 0);
    CHECK(s.plans()[0].macs == MultiplyAddsOf(s.doc().layers[0], s.plans()[0].in, s.plans()[0].out.value()));
    CHECK(s.plans()[0].output.data.empty());  // values not computed past the cap
}

TEST_CASE("once: a link's view is fitted from the chain's shapes as a plan would fit it") {
    // DecodeState pictures only the layers the view names; SanitizeView over
    // the full plan agrees with it, notices and all.
    for (const char* link : {"in=9&layers=3&L1.op=maxpool&L1.k=2&layer=1&step=99&pin=3.3",
                             "in=9&layers=2&L1.k=20&layer=1&step=5", "in=6&layer=7&och=4&pin=9.9",
                             "in=12&cout=4&view=image&och=9&layers=2&L1.op=avgpool&layer=1"}) {
        CAPTURE(link);
        Doc doc;
        View view;
        uint64_t plans_before = PlanDocRuns();
        DecodeState(link, doc, view);
        CHECK(PlanDocRuns() == plans_before);
        View planned = view;
        SanitizeView(planned, PlanDoc(doc));
        CHECK(planned == view);
    }
}
