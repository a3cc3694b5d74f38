// codec_text.cpp — codec_text.h: the link's text forms, read from untrusted
// text and written back.
//
// [SECTION] Excerpts and percent-escapes
// [SECTION] Numbers and sizes
// [SECTION] Value edits
// [SECTION] Name lists and origins
#include "state/formats/codec_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

namespace cp {

// [SECTION] Excerpts and percent-escapes


// A short, printable excerpt of untrusted text for a notice: ASCII only, no
// control characters, nothing markup could pick up.
std::string Excerpt(std::string_view s) {
    constexpr size_t kMax = 20;
    std::string out;
    for (size_t i = 0; i < s.size() && i < kMax; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const bool plain = c >= 0x20 && c < 0x7F && c != '<' && c != '>' && c != '&' && c != '"' && c != '\'' &&
                           c != '`' && c != '\\';
        out += plain ? char(c) : '?';
    }
    if (s.size() > kMax) out += "...";
    return out;
}

int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decodes `s` ("+" is a space) and trims spaces; nullopt on a broken escape.
std::optional<std::string> Unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = HexDigit(s[i + 1]), lo = HexDigit(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += char(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    const size_t a = out.find_first_not_of(' ');
    if (a == std::string::npos) return std::string();
    const size_t b = out.find_last_not_of(' ');
    return out.substr(a, b - a + 1);
}

// A value's '=' is plain (a pair splits at its first '=') and a space is '+'
// (Unescape's reading of '+'), so a layer's "inplace=True, p=0.5" stays
// readable in a link: inplace=True,+p=0.5.
std::string EscapeValue(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        const bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           c == '-' || c == '.' || c == '_' || c == '~' || c == ',' || c == '=';
        if (c == ' ') {
            out += '+';
        } else if (plain) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// [SECTION] Numbers and sizes

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {
// A decimal integer of type T, optionally negative; nothing else (no "+", no
// spaces, no "0x"). A negative number for an unsigned T is out of range.
template <class T>
Parse ParseDecimal(std::string_view s, T& out) {
    const bool negative = !s.empty() && s[0] == '-';
    if (!AllDigits(negative ? s.substr(1) : s)) return Parse::Malformed;
    if (negative && std::is_unsigned_v<T>) return Parse::OutOfRange;
    T v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc::result_out_of_range) return Parse::OutOfRange;
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return Parse::Malformed;
    out = v;
    return Parse::Ok;
}
}  // namespace

Parse ParseInt(std::string_view s, int& out) { return ParseDecimal(s, out); }
Parse ParseI64(std::string_view s, int64_t& out) { return ParseDecimal(s, out); }
Parse ParseU32(std::string_view s, uint32_t& out) { return ParseDecimal(s, out); }

// "N" or "HxW".
Parse ParseSize(std::string_view s, Size2& out) {
    const size_t x = s.find_first_of("xX");
    Size2 v;
    Parse a, b;
    if (x == std::string_view::npos) {
        a = b = ParseInt(s, v.h);
        v.w = v.h;
    } else {
        a = ParseInt(s.substr(0, x), v.h);
        b = ParseInt(s.substr(x + 1), v.w);
    }
    if (a == Parse::Malformed || b == Parse::Malformed) return Parse::Malformed;
    if (a == Parse::OutOfRange || b == Parse::OutOfRange) return Parse::OutOfRange;
    out = v;
    return Parse::Ok;
}

// "t,b,l,r", or a size.
Parse ParsePadding4(std::string_view s, Padding4& out) {
    if (s.find(',') == std::string_view::npos) {
        Size2 v;
        const Parse r = ParseSize(s, v);
        if (r == Parse::Ok) out = Padding4::Symmetric(v.h, v.w);
        return r;
    }
    std::array<int, 4> v{};
    Parse worst = Parse::Ok;
    for (int i = 0; i < 4; ++i) {
        const size_t comma = s.find(',');
        if ((i < 3) == (comma == std::string_view::npos)) return Parse::Malformed;
        const Parse r = ParseInt(s.substr(0, comma), v[size_t(i)]);
        if (r == Parse::Malformed) return r;
        if (r == Parse::OutOfRange) worst = r;
        s = i < 3 ? s.substr(comma + 1) : std::string_view();
    }
    if (worst == Parse::Ok) out = {v[0], v[1], v[2], v[3]};
    return worst;
}

// A decimal without exponent: "-"? digits ("." digits?)? or "." digits.
// Parsed by strtof from digits and an exponent only ("25e-1"), which no
// locale's decimal point can change; glibc and musl round it correctly.
Parse ParseFloat(std::string_view s, float& out) {
    std::string_view t = s;
    const bool negative = !t.empty() && t[0] == '-';
    if (negative) t.remove_prefix(1);
    const size_t dot = t.find('.');
    const std::string_view whole = t.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view() : t.substr(dot + 1);
    if (whole.empty() && frac.empty()) return Parse::Malformed;
    if ((!whole.empty() && !AllDigits(whole)) || (!frac.empty() && !AllDigits(frac))) return Parse::Malformed;
    std::string digits = negative ? "-" : "";
    digits.append(whole).append(frac);
    digits += "e-" + std::to_string(frac.size());
    char* end = nullptr;
    const float v = std::strtof(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size()) return Parse::Malformed;
    if (!std::isfinite(v)) return Parse::OutOfRange;
    out = v;
    return Parse::Ok;
}

// The shortest fixed-point text that reads back as exactly `v` (speeds and
// zooms are a few digits); nullopt if none fits a value.
std::optional<std::string> FormatFloat(float v) {
    if (!std::isfinite(v)) return std::nullopt;
    for (int digits = 0; digits <= 12; ++digits) {
        char buf[96];
        const int n = std::snprintf(buf, sizeof buf, "%.*f", digits, double(v));
        if (n <= 0 || size_t(n) >= sizeof buf || size_t(n) > 64) return std::nullopt;  // a value is a token
        std::string s(buf, size_t(n));
        for (char& c : s)  // whatever the locale's decimal point was
            if (!(c >= '0' && c <= '9') && c != '-') c = '.';
        float back = 0;
        if (ParseFloat(s, back) == Parse::Ok && back == v) return s;
    }
    return std::nullopt;
}

std::string SizeText(Size2 v) {
    return v.h == v.w ? std::to_string(v.h) : std::to_string(v.h) + "x" + std::to_string(v.w);
}

std::string Padding4Text(const Padding4& p) {
    if (p.top == p.bottom && p.left == p.right) return SizeText({p.top, p.left});
    return std::to_string(p.top) + "," + std::to_string(p.bottom) + "," + std::to_string(p.left) + "," +
           std::to_string(p.right);
}

// [SECTION] Value edits: "[[o.]c.]y.x.value" entries joined by "_"
// Leading indices that are 0 are left out by the encoder (a 1-channel input's
// edit is "y.x.value"); the decoder accepts every length. A malformed entry is
// skipped with a notice; cells and values out of range are Sanitize's to drop
// or clamp, with its own notice.

std::string EditsText(const std::vector<CellValue>& edits, bool weights) {
    if (edits.empty()) return "none";
    std::string s;
    for (const CellValue& e : edits) {
        if (!s.empty()) s += '_';
        if (weights && e.o != 0) s += std::to_string(e.o) + "." + std::to_string(e.c) + ".";
        else if (e.c != 0) s += std::to_string(e.c) + ".";
        s += std::to_string(e.y) + "." + std::to_string(e.x) + "." + std::to_string(e.value);
    }
    return s;
}

// The entries of an x= or w= value. At most kMaxEditsToken characters arrive
// here, so at most a few hundred entries are kept before Sanitize bounds them.
EditsRead ReadEdits(std::string_view s, bool weights) {
    EditsRead r;
    if (s == "none") return r;
    const size_t max_fields = weights ? 5 : 4;
    for (size_t start = 0;;) {
        const size_t end = std::min(s.find('_', start), s.size());
        const std::string_view entry = s.substr(start, end - start);
        std::array<int, 5> v{};
        size_t n = 0;
        bool ok = true;
        for (size_t a = 0; ok;) {
            const size_t b = std::min(entry.find('.', a), entry.size());
            ok = n < max_fields && ParseInt(entry.substr(a, b - a), v[n]) == Parse::Ok;
            ++n;
            if (b == entry.size()) break;
            a = b + 1;
        }
        if (ok && n >= 3) {
            CellValue e;  // right-aligned: value, x, y, then c, then o
            e.value = v[n - 1], e.x = v[n - 2], e.y = v[n - 3];
            if (n >= 4) e.c = v[n - 4];
            if (n >= 5) e.o = v[n - 5];
            r.edits.push_back(e);
        } else if (r.malformed++ == 0) {
            r.first_bad = std::string(entry);
        }
        if (end == s.size()) break;
        start = end + 1;
    }
    return r;
}


// [SECTION] Name lists and origins

std::string NamesText(uint32_t bits, std::span<const std::string_view> names, const char* all) {
    const size_t n = names.size();
    if (bits == 0) return "none";
    if (all && bits == (1u << n) - 1) return all;
    std::string s;
    for (size_t i = 0; i < n; ++i)
        if (bits & (1u << i)) {
            if (!s.empty()) s += ',';
            s += names[i];
        }
    return s;
}

std::optional<std::string> ReadNames(std::string_view value, std::span<const std::string_view> names,
                                     const char* all, const char* what, uint32_t& bits) {
    const size_t n = names.size();
    uint32_t read = 0;
    int unknown = 0;
    std::string first_unknown;
    if (value == "none" || value.empty()) {
        bits = 0;
        return std::nullopt;
    }
    if (all && value == all) {
        bits = (1u << n) - 1;
        return std::nullopt;
    }
    for (size_t start = 0;;) {
        const size_t end = std::min(value.find(',', start), value.size());
        std::string_view item = value.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) {
            const auto it = std::find(names.begin(), names.end(), item);
            if (it != names.end()) read |= 1u << (it - names.begin());
            else if (unknown++ == 0) first_unknown = Excerpt(item);
        }
        if (end == value.size()) break;
        start = end + 1;
    }
    bits = read;
    if (unknown == 0) return std::nullopt;
    std::string list;
    for (const std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
    return "naming " + std::to_string(unknown) + " unknown " + what + (unknown == 1 ? "" : "s") + " ('" +
           first_unknown + "'; known: " + list + (all ? std::string(", ") + all : "") + ")";
}

// An origin as browsers write MessageEvent.origin: http(s)://host[:port],
// An origin as browsers write MessageEvent.origin: http(s)://host[:port],
// the host a name, IPv4 or [IPv6]; nothing else (no path, quotes or spaces,
// which could not match any sender anyway). Scheme and host are lowercased,
// as the browser's own serialization is.
std::optional<std::string> ReadOrigin(std::string_view value) {
    std::string s;
    for (const char c : value) s += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    size_t at = 0;
    if (s.rfind("https://", 0) == 0) at = 8;
    else if (s.rfind("http://", 0) == 0) at = 7;
    else return std::nullopt;
    size_t host_end = at;
    if (host_end < s.size() && s[host_end] == '[') {
        while (host_end < s.size() && s[host_end] != ']') {
            const char c = s[host_end];
            if (host_end > at && !(HexDigit(c) >= 0 || c == ':' || c == '.')) return std::nullopt;
            ++host_end;
        }
        if (host_end == s.size()) return std::nullopt;
        ++host_end;  // the ']'
    } else {
        while (host_end < s.size() && ((s[host_end] >= 'a' && s[host_end] <= 'z') ||
                                       (s[host_end] >= '0' && s[host_end] <= '9') || s[host_end] == '.' ||
                                       s[host_end] == '-'))
            ++host_end;
    }
    if (host_end == at) return std::nullopt;
    if (host_end < s.size()) {
        int port = 0;
        if (s[host_end] != ':' || !AllDigits(std::string_view(s).substr(host_end + 1)) ||
            ParseInt(std::string_view(s).substr(host_end + 1), port) != Parse::Ok || port < 1 || port > 65535)
            return std::nullopt;
    }
    return s;
}

}  // namespace cp
