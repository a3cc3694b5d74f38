// names.h — the one table of names per enum that crosses a boundary: URL
// tokens, golden-data files, the JS module's option strings, labels in the UI.
//
// Every place that turns an enum into text or text (or an int from the C ABI)
// into an enum goes through these tables, so adding a value means adding one
// row here and nothing is hand-copied elsewhere (the JS module reads the tables
// through cp_enum_names at load time).
//
// Each table lists the canonical entries first, exactly one per enum value in
// enum order (static_asserts below hold that), then aliases: spellings that
// EnumFromToken accepts but TokenOf never produces.
//
// Index
//   [SECTION] API      EnumName, EnumNames, TokenOf, LabelOf, EnumFromToken, EnumFromInt, EnumCount
//   [SECTION] TABLES   OpKind, PaddingRule, PaddingMode
//   [SECTION] CHECKS   canonical parts cover every value, in order
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "ops.h"

namespace cp {

// [SECTION] API

template <class E>
struct EnumName {
    E value;
    std::string_view token;  // machine name: URLs, golden files, the JS API
    std::string_view label;  // human name: the UI and messages
};

// Specialised once per enum below: `kCanonical` canonical entries followed by aliases.
template <class E>
struct EnumTable;

template <class E>
constexpr std::span<const EnumName<E>> EnumNames() {
    return std::span<const EnumName<E>>(EnumTable<E>::kNames);
}

template <class E>
constexpr int EnumCount() {
    return EnumTable<E>::kCanonical;
}

// The enum's own name ("PaddingMode"), for messages and the ABI's name text.
template <class E>
constexpr std::string_view EnumTypeName() {
    return EnumTable<E>::kTypeName;
}

// The canonical entries only.
template <class E>
constexpr std::span<const EnumName<E>> CanonicalNames() {
    return EnumNames<E>().first(size_t(EnumCount<E>()));
}

// An out-of-range value (a cast int) gives "" rather than reading past the table.
template <class E>
constexpr std::string_view TokenOf(E e) {
    const auto i = static_cast<int64_t>(e);
    return i >= 0 && i < EnumCount<E>() ? EnumNames<E>()[size_t(i)].token : std::string_view();
}

template <class E>
constexpr std::string_view LabelOf(E e) {
    const auto i = static_cast<int64_t>(e);
    return i >= 0 && i < EnumCount<E>() ? EnumNames<E>()[size_t(i)].label : std::string_view();
}

// Canonical tokens and aliases; case-sensitive ("SAME" is TensorFlow's rule, "same" PyTorch's).
template <class E>
constexpr std::optional<E> EnumFromToken(std::string_view token) {
    for (const EnumName<E>& n : EnumNames<E>())
        if (n.token == token) return n.value;
    return std::nullopt;
}

// For values that arrive as integers (the C ABI, a binary file): the enum, or
// nothing when v names no value, so a cast never produces an unnamed enum.
template <class E>
constexpr std::optional<E> EnumFromInt(int64_t v) {
    if (v < 0 || v >= EnumCount<E>()) return std::nullopt;
    return static_cast<E>(v);
}

// [SECTION] TABLES

template <>
struct EnumTable<OpKind> {
    static constexpr std::string_view kTypeName = "OpKind";
    static constexpr int kCanonical = 4;
    static constexpr std::array<EnumName<OpKind>, 4> kNames{{
        {OpKind::Conv2d, "conv", "Conv2d"},
        {OpKind::ConvTranspose2d, "tconv", "ConvTranspose2d"},
        {OpKind::MaxPool2d, "maxpool", "MaxPool2d"},
        {OpKind::AvgPool2d, "avgpool", "AvgPool2d"},
    }};
};

template <>
struct EnumTable<PaddingRule> {
    static constexpr std::string_view kTypeName = "PaddingRule";
    static constexpr int kCanonical = 4;
    static constexpr std::array<EnumName<PaddingRule>, 7> kNames{{
        {PaddingRule::Explicit, "explicit", "explicit"},
        {PaddingRule::Same, "same", "same (PyTorch)"},
        {PaddingRule::Valid, "valid", "valid"},
        {PaddingRule::SameTF, "SAME", "SAME (TensorFlow)"},
        // aliases: how the golden data, URLs and TensorFlow users spell them
        {PaddingRule::SameTF, "same-tf", "SAME (TensorFlow)"},
        {PaddingRule::SameTF, "same_tf", "SAME (TensorFlow)"},
        {PaddingRule::Valid, "VALID", "valid"},
    }};
};

template <>
struct EnumTable<PaddingMode> {
    static constexpr std::string_view kTypeName = "PaddingMode";
    static constexpr int kCanonical = 4;
    static constexpr std::array<EnumName<PaddingMode>, 4> kNames{{
        {PaddingMode::Zeros, "zeros", "zeros"},
        {PaddingMode::Reflect, "reflect", "reflect"},
        {PaddingMode::Replicate, "replicate", "replicate"},
        {PaddingMode::Circular, "circular", "circular"},
    }};
};

// [SECTION] CHECKS
// A new enum value without a row (or rows out of order) fails to compile here,
// so TokenOf's index lookup and EnumFromInt's range stay right.

template <class E>
constexpr bool CanonicalInOrder() {
    const auto names = EnumNames<E>();
    if (EnumCount<E>() < 1 || size_t(EnumCount<E>()) > names.size()) return false;
    for (int i = 0; i < EnumCount<E>(); ++i)
        if (static_cast<int>(names[size_t(i)].value) != i || names[size_t(i)].token.empty()) return false;
    // Every token, alias or not, names one value only.
    for (size_t i = 0; i < names.size(); ++i)
        for (size_t j = i + 1; j < names.size(); ++j)
            if (names[i].token == names[j].token) return false;
    return true;
}

static_assert(CanonicalInOrder<OpKind>() && EnumCount<OpKind>() == int(OpKind::AvgPool2d) + 1,
              "OpKind's table must list every value once, in enum order, before any alias");
static_assert(CanonicalInOrder<PaddingRule>() && EnumCount<PaddingRule>() == int(PaddingRule::SameTF) + 1,
              "PaddingRule's table must list every value once, in enum order, before any alias");
static_assert(CanonicalInOrder<PaddingMode>() && EnumCount<PaddingMode>() == int(PaddingMode::Circular) + 1,
              "PaddingMode's table must list every value once, in enum order, before any alias");

}  // namespace cp
