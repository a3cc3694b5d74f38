// png.cpp — png.h: signature, IHDR, one IDAT of zlib stored blocks, IEND.
#include "scene/png.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace cp {
namespace {

constexpr std::array<uint32_t, 256> kCrcTable = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
        uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[n] = c;
    }
    return t;
}();

void Be32(std::string& s, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) s += char((v >> shift) & 0xFF);
}

void Chunk(std::string& out, const char type[4], std::string_view data) {
    Be32(out, uint32_t(data.size()));
    const size_t start = out.size();
    out.append(type, 4);
    out.append(data);
    Be32(out, Crc32(std::string_view(out).substr(start)));
}

}  // namespace

uint32_t Crc32(std::string_view bytes, uint32_t crc) {
    crc = ~crc;
    for (unsigned char b : bytes) crc = kCrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

uint32_t Adler32(std::string_view bytes) {
    uint32_t a = 1, b = 0;
    for (unsigned char ch : bytes) a = (a + ch) % 65521, b = (b + a) % 65521;
    return (b << 16) | a;
}

std::string EncodePng(int w, int h, std::span<const uint8_t> rgba) {
    if (w < 1 || h < 1 || rgba.size() != size_t(w) * size_t(h) * 4) return {};
    // The filtered scanlines: filter type 0 (none) before each row.
    std::string raw;
    raw.reserve((size_t(w) * 4 + 1) * size_t(h));
    for (int y = 0; y < h; ++y) {
        raw += '\0';
        raw.append(reinterpret_cast<const char*>(rgba.data()) + size_t(y) * size_t(w) * 4, size_t(w) * 4);
    }
    // zlib: header (deflate, 32K window, no dictionary), stored blocks of at most 65535 bytes, Adler-32.
    std::string z = "\x78\x01";
    constexpr size_t kMaxStored = 65535;
    for (size_t at = 0; at < raw.size(); at += kMaxStored) {  // raw holds at least one row
        const size_t n = std::min(kMaxStored, raw.size() - at);
        z += char(at + n >= raw.size() ? 1 : 0);  // BFINAL on the last; BTYPE 00 (stored)
        z += char(n & 0xFF), z += char(n >> 8);
        z += char(~n & 0xFF), z += char((~n >> 8) & 0xFF);
        z.append(raw, at, n);
    }
    Be32(z, Adler32(raw));
    std::string out = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    Be32(ihdr, uint32_t(w)), Be32(ihdr, uint32_t(h));
    ihdr += char(8), ihdr += char(6), ihdr += char(0), ihdr += char(0), ihdr += char(0);  // 8-bit RGBA, deflate, filters, no interlace
    Chunk(out, "IHDR", ihdr);
    Chunk(out, "IDAT", z);
    Chunk(out, "IEND", {});
    return out;
}

std::string Base64(std::string_view bytes) {
    static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string s;
    s.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        const uint32_t a = uint8_t(bytes[i]), b = i + 1 < bytes.size() ? uint8_t(bytes[i + 1]) : 0,
                       c = i + 2 < bytes.size() ? uint8_t(bytes[i + 2]) : 0;
        const uint32_t v = (a << 16) | (b << 8) | c;
        s += kDigits[(v >> 18) & 63];
        s += kDigits[(v >> 12) & 63];
        s += i + 1 < bytes.size() ? kDigits[(v >> 6) & 63] : '=';
        s += i + 2 < bytes.size() ? kDigits[v & 63] : '=';
    }
    return s;
}

}  // namespace cp
