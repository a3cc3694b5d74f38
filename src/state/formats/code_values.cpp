// code_values.cpp — code_binder.h's Arithmetic: + - * / // % ** on the
// integers and floats a paste computes sizes with (ngf * 8, 16 * 5 * 5,
// 7 // 2), as Python does (floor division and modulo round toward minus
// infinity). A result past 2^40 or a division by zero is a value not known,
// with why: never a wrapped-around size.
#include <algorithm>
#include <cmath>

#include "state/formats/code_binder.h"

namespace cp::code {

Value UnknownValue(std::string why, std::string_view src) {
    Value v;
    v.s = std::move(why);
    v.src = std::string(src);
    return v;
}
Value IntValue(int64_t i) {
    Value v;
    v.kind = Value::Kind::Int;
    v.i = i;
    return v;
}


Value Arithmetic(const Node& n, const Value& a, const Value& b) {
    const std::string op(n.text);
    if (a.kind == Value::Kind::Unknown) return a;
    if (b.kind == Value::Kind::Unknown) return b;
    const bool ints = (a.kind == Value::Kind::Int || a.kind == Value::Kind::Bool) &&
                      (b.kind == Value::Kind::Int || b.kind == Value::Kind::Bool);
    const bool nums = ints || ((a.kind == Value::Kind::Int || a.kind == Value::Kind::Float) &&
                               (b.kind == Value::Kind::Int || b.kind == Value::Kind::Float));
    if (!nums) return UnknownValue(Shown(n.src) + ": only numbers are added, multiplied or divided here", n.src);
    constexpr int64_t kBig = int64_t(1) << 40;
    if (ints) {
        const int64_t x = a.i, y = b.i;
        int64_t r = 0;
        if (op == "+") r = x + y;
        else if (op == "-") r = x - y;
        else if (op == "*") {
            if (x != 0 && (std::abs(x) > kBig || std::abs(y) > kBig / std::max<int64_t>(1, std::abs(x))))
                return UnknownValue(Shown(n.src) + " is too large", n.src);
            r = x * y;
        } else if (op == "//" || op == "%") {
            if (y == 0) return UnknownValue(Shown(n.src) + " divides by zero", n.src);
            int64_t q = x / y;
            if ((x % y != 0) && ((x < 0) != (y < 0))) --q;  // Python floors
            r = op == "//" ? q : x - q * y;
        } else if (op == "**") {
            r = 1;
            for (int64_t k = 0; k < y; ++k) {
                r *= x;
                if (std::abs(r) > kBig || k > 64) return UnknownValue(Shown(n.src) + " is too large", n.src);
            }
            if (y < 0) return UnknownValue(Shown(n.src) + " is not an integer", n.src);
        } else if (op == "/") {
            if (y == 0) return UnknownValue(Shown(n.src) + " divides by zero", n.src);
            Value f;
            f.kind = Value::Kind::Float;
            f.f = double(x) / double(y);
            return f;
        } else {
            return UnknownValue(Shown(n.src) + " is not read", n.src);
        }
        if (std::abs(r) > kBig) return UnknownValue(Shown(n.src) + " is too large", n.src);
        Value v = IntValue(r);
        v.src = std::string(n.src.substr(0, 80));
        return v;
    }
    const double x = a.kind == Value::Kind::Float ? a.f : double(a.i), y = b.kind == Value::Kind::Float ? b.f : double(b.i);
    Value f;
    f.kind = Value::Kind::Float;
    if (op == "+") f.f = x + y;
    else if (op == "-") f.f = x - y;
    else if (op == "*") f.f = x * y;
    else if (op == "/" && y != 0) f.f = x / y;
    else if (op == "//" && y != 0) f.f = std::floor(x / y);
    else return UnknownValue(Shown(n.src) + " is not read", n.src);
    if (!std::isfinite(f.f) || std::abs(f.f) > 1e12) return UnknownValue(Shown(n.src) + " is too large", n.src);
    return f;
}

}  // namespace cp::code
