// test_names.cpp — names.h: every enum's table round-trips, aliases are
// accepted but never produced, and integers from outside are range-checked.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

#include "engine/geometry.h"
#include "engine/names.h"

namespace {

// The properties every table must have, whatever its enum.
template <class E>
void CheckTable() {
    const int count = cp::EnumCount<E>();
    REQUIRE(count >= 1);
    std::set<std::string_view> tokens;
    for (int i = 0; i < count; ++i) {
        const E e = static_cast<E>(i);
        CHECK(cp::EnumFromInt<E>(i) == e);
        CHECK(!cp::TokenOf(e).empty());
        CHECK(!cp::LabelOf(e).empty());
        CHECK(cp::EnumFromToken<E>(cp::TokenOf(e)) == e);  // canonical tokens round-trip
    }
    for (const cp::EnumName<E>& n : cp::EnumNames<E>()) {
        CHECK(tokens.insert(n.token).second);                        // no token twice
        CHECK(cp::EnumFromToken<E>(n.token) == n.value);             // aliases are accepted
        CHECK(cp::LabelOf(n.value) == cp::EnumNames<E>()[size_t(n.value)].label);
    }
    // Range checks: the values an ABI might carry that name nothing.
    CHECK_FALSE(cp::EnumFromInt<E>(-1).has_value());
    CHECK_FALSE(cp::EnumFromInt<E>(count).has_value());
    CHECK_FALSE(cp::EnumFromInt<E>(int64_t(1) << 40).has_value());
    CHECK(cp::TokenOf(static_cast<E>(count)).empty());
    CHECK(cp::LabelOf(static_cast<E>(-1)).empty());
    CHECK_FALSE(cp::EnumFromToken<E>("").has_value());
}

}  // namespace

TEST_CASE("names: every table covers its enum, round-trips and range-checks") {
    CheckTable<cp::OpKind>();
    CheckTable<cp::PaddingRule>();
    CheckTable<cp::PaddingMode>();
}

TEST_CASE("names: the tokens and labels the URL, the golden data and the JS API use") {
    CHECK(cp::TokenOf(cp::OpKind::ConvTranspose2d) == "tconv");
    CHECK(cp::LabelOf(cp::OpKind::AvgPool2d) == "AvgPool2d");
    CHECK(cp::EnumFromToken<cp::OpKind>("maxpool") == cp::OpKind::MaxPool2d);

    CHECK(cp::TokenOf(cp::PaddingRule::SameTF) == "SAME");
    CHECK(cp::EnumFromToken<cp::PaddingRule>("same") == cp::PaddingRule::Same);
    CHECK(cp::EnumFromToken<cp::PaddingRule>("same-tf") == cp::PaddingRule::SameTF);
    CHECK(cp::EnumFromToken<cp::PaddingRule>("same_tf") == cp::PaddingRule::SameTF);
    CHECK(cp::EnumFromToken<cp::PaddingRule>("VALID") == cp::PaddingRule::Valid);
    CHECK_FALSE(cp::EnumFromToken<cp::PaddingRule>("Same").has_value());  // case-sensitive
    CHECK(cp::EnumCount<cp::PaddingRule>() == 4);                         // aliases are not values
    CHECK(cp::EnumNames<cp::PaddingRule>().size() == 7);
    CHECK(cp::LabelOf(cp::PaddingRule::Same) == "same (PyTorch)");

    CHECK(cp::TokenOf(cp::PaddingMode::Circular) == "circular");
    CHECK(std::string(cp::ToString(cp::PaddingMode::Reflect)) == "reflect");
    CHECK(std::string(cp::ToString(cp::PaddingRule::SameTF)) == "SAME (TensorFlow)");
    CHECK(std::string(cp::ToString(static_cast<cp::PaddingMode>(9))) == "?");

    // Usable at compile time, as the header promises.
    static_assert(cp::TokenOf(cp::PaddingMode::Replicate) == "replicate");
    static_assert(cp::EnumFromToken<cp::PaddingRule>("VALID") == cp::PaddingRule::Valid);
    static_assert(!cp::EnumFromInt<cp::OpKind>(4).has_value());
}
