// message_text.h — building the engine's messages without iostreams (which
// would add most of a locale library to the wasm): Cat("layer ", 3, ": ", why).
// Internal to src/engine/*.cpp.
#pragma once
#include <string>
#include <type_traits>

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

}  // namespace cp::message
