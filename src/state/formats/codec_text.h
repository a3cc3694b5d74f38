// codec_text.h — the link's text forms (codec.h): what untrusted text may
// say for a number, a size, a padding, a decimal, a list of edited values, a
// list of names and an origin; percent-escapes both ways; and the short,
// harmless excerpt a notice quotes. Pure functions: no key knows about them.
//
// [SECTION] Excerpts and percent-escapes
// [SECTION] Numbers and sizes
// [SECTION] Value edits
// [SECTION] Name lists and origins
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "state/model/doc.h"

namespace cp {

// [SECTION] Excerpts and percent-escapes

// A short, printable excerpt of untrusted text for a notice: ASCII only, no
// control characters, nothing markup could pick up.
std::string Excerpt(std::string_view s);
int HexDigit(char c);  // -1 if not hex
// Percent-decodes `s` ("+" is a space) and trims spaces; nullopt on a broken escape.
std::optional<std::string> Unescape(std::string_view s);
// Every byte but [0-9A-Za-z-._~,] as %HH: any text survives a URL fragment.
std::string EscapeValue(std::string_view s);

// [SECTION] Numbers and sizes

enum class Parse { Ok, Malformed, OutOfRange };
bool AllDigits(std::string_view s);
// A decimal integer, optionally negative; nothing else (no "+", no spaces, no "0x").
Parse ParseInt(std::string_view s, int& out);
Parse ParseI64(std::string_view s, int64_t& out);
Parse ParseU32(std::string_view s, uint32_t& out);
Parse ParseSize(std::string_view s, Size2& out);          // "N" or "HxW"
Parse ParsePadding4(std::string_view s, Padding4& out);   // "t,b,l,r", or a size
// A decimal without exponent: "-"? digits ("." digits?)? or "." digits.
Parse ParseFloat(std::string_view s, float& out);
// The shortest fixed-point text that reads back as exactly `v`; nullopt if none fits a value.
std::optional<std::string> FormatFloat(float v);
std::string SizeText(Size2 v);              // "N" when square, else "HxW"
std::string Padding4Text(const Padding4& p);  // a size when symmetric, else "t,b,l,r"

// [SECTION] Value edits: "[[o.]c.]y.x.value" entries joined by "_"

std::string EditsText(const std::vector<CellValue>& edits, bool weights);
struct EditsRead {
    std::vector<CellValue> edits;
    int malformed = 0;
    std::string first_bad;
};
EditsRead ReadEdits(std::string_view s, bool weights);

// [SECTION] Name lists and origins

// Bits of `names` as a comma list ("formula,steps"); `none` when empty, `all`
// (if given) when every bit is set.
std::string NamesText(uint32_t bits, std::span<const std::string_view> names, const char* all);
// A comma list of names into bits; unknown names are left out and reported.
// Returns what was wrong (nullopt: nothing); bits is set either way, to the
// names it knew.
std::optional<std::string> ReadNames(std::string_view value, std::span<const std::string_view> names,
                                     const char* all, const char* what, uint32_t& bits);
// An origin as browsers write MessageEvent.origin: http(s)://host[:port],
// lowercased; nullopt for anything else.
std::optional<std::string> ReadOrigin(std::string_view value);

}  // namespace cp
