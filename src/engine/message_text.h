// message_text.h — building the engine's messages without iostreams (which
// would add most of a locale library to the wasm): Cat("layer ", 3, ": ", why).
// Internal to src/engine/*.cpp.
#pragma once
#include <string>
#include <type_traits>

#include "names.h"
#include "tensor.h"

namespace cp::message {

inline void Append(std::string& s, const char* v) { s += v; }
inline void Append(std::string& s, const std::string& v) { s += v; }
inline void Append(std::string& s, char v) { s += v; }
template <class T>
    requires std::is_integral_v<T>
inline void Append(std::string& s, T v) {
    s += std::to_string(v);
}

template <class... A>
std::string Cat(const A&... a) {
    std::string s;
    (Append(s, a), ...);
    return s;
}

// "[1, 3, 7, 7]": a shape as PyTorch prints it.
inline std::string ShapeText(Shape s) { return Cat('[', s.n, ", ", s.c, ", ", s.h, ", ", s.w, ']'); }

// "zeros, reflect, ...": an enum's canonical tokens (names.h), for messages.
template <class E>
std::string TokenList() {
    std::string s;
    for (const EnumName<E>& n : CanonicalNames<E>()) s += (s.empty() ? "" : ", ") + std::string(n.token);
    return s;
}

}  // namespace cp::message
