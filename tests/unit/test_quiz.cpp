// test_quiz.cpp — a quiz that teaches: a wrong answer says which part is
// wrong and gives a hint (first which formula, then its numbers) until the
// link's tries (tries=, default 2) are used; then the answer and its formula.
#include <doctest/doctest.h>

#include <string>

#include "scene/quiz.h"
#include "state/formats/codec.h"
#include "state/model/doc.h"

namespace {
bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Quizzed {
    cp::Doc doc;
    cp::View view;
    std::vector<cp::LayerPlan> plans;
};
// in=8, k=3, s=2, p=1: the output is 4x4.
Quizzed Question(const std::string& extra = "") {
    Quizzed q;
    const cp::DecodeResult r = cp::DecodeState("embed=1&quiz=fixed&in=8&s=2" + extra, q.doc, q.view);
    q.plans = cp::PlanDoc(q.doc);
    return q;
}
}  // namespace

TEST_CASE("tries: default 2, read and written by the codec, 1 to 9") {
    Quizzed q = Question();
    CHECK(q.view.embed.tries == 2);
    CHECK_FALSE(Has(cp::EncodeState(q.doc, q.view), "tries="));
    q = Question("&tries=3");
    CHECK(q.view.embed.tries == 3);
    CHECK(Has(cp::EncodeState(q.doc, q.view), "tries=3"));
    cp::Doc d;
    cp::View v;
    const cp::DecodeResult bad = cp::DecodeState("tries=0", d, v);
    CHECK(v.embed.tries == 2);
    REQUIRE_FALSE(bad.notices.empty());
    CHECK(Has(bad.notices.front().text, "tries"));
}

TEST_CASE("a wrong answer says which part is wrong, hints at the formula, and allows a retry") {
    Quizzed q = Question();
    cp::View v = cp::AnswerQuiz(q.view, q.plans[0], 4, 5);
    CHECK_FALSE(v.quiz_answered);
    CHECK(v.quiz_wrong == 1);
    cp::QuizFeedback f = cp::JudgeQuiz(q.doc, q.plans[0], v);
    CHECK(f.retry);
    CHECK(f.tries_left == 1);
    CHECK(Has(f.verdict, "The height is right, the width is not."));
    CHECK(Has(f.hint, "Conv2d gives"));
    CHECK(f.working.empty());  // the answer is not given away yet
    CHECK_FALSE(Has(f.verdict + f.hint, "4 \xC3\x97 4"));
    // Right on the second try.
    v = cp::AnswerQuiz(v, q.plans[0], 4, 4);
    f = cp::JudgeQuiz(q.doc, q.plans[0], v);
    CHECK(v.quiz_answered);
    CHECK(f.right);
    CHECK(f.tries == 2);
    CHECK(Has(f.verdict, "Right: the output is 4 \xC3\x97 4."));
    CHECK(Has(cp::QuizAnswerJson(q.doc, q.plans[0], v), "\"correct\":true,\"tries\":2"));
}

TEST_CASE("out of tries, the answer shows with the formula; with three tries the second hint gives the numbers") {
    Quizzed q = Question();
    cp::View v = cp::AnswerQuiz(cp::AnswerQuiz(q.view, q.plans[0], 3, 3), q.plans[0], 5, 5);
    cp::QuizFeedback f = cp::JudgeQuiz(q.doc, q.plans[0], v);
    CHECK(v.quiz_answered);
    CHECK_FALSE(f.right);
    CHECK(Has(f.verdict, "the output is 4 \xC3\x97 4"));
    REQUIRE_FALSE(f.working.empty());
    CHECK(Has(f.working.front(), "= 4"));
    CHECK(Has(cp::QuizAnswerJson(q.doc, q.plans[0], v), "\"correct\":false,\"tries\":2"));

    q = Question("&tries=3");
    v = cp::AnswerQuiz(cp::AnswerQuiz(q.view, q.plans[0], 3, 3), q.plans[0], 5, 5);
    f = cp::JudgeQuiz(q.doc, q.plans[0], v);
    CHECK(f.retry);
    CHECK(Has(f.verdict, "Neither the height nor the width is right."));
    CHECK(Has(f.hint, "the numbers in it"));
    CHECK(Has(f.hint, "= ?"));
    CHECK_FALSE(Has(f.hint, "= 4"));
    // A right answer is final; no further answer changes it.
    v = cp::AnswerQuiz(v, q.plans[0], 4, 4);
    CHECK(cp::AnswerQuiz(v, q.plans[0], 1, 1) == v);
}
