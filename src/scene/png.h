// png.h — RGBA pixels as a PNG file, for the rasters the SVG writer embeds
// (image mode's picture and maps as data: URLs). Pure and small: the image
// data is zlib *stored* blocks (no compression), which every PNG reader
// takes. Why not a library: the app is built with Debian's emscripten, whose
// zlib and libpng ports download from the internet (they cannot here), and
// the page's encoder (canvas.toBlob) would split the SVG writer across C++
// and JS and leave the native tests without the rasters. An export is
// written rarely, so its size (about 4 bytes a pixel) costs no frame time.
#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace cp {

// The PNG file (8-bit RGBA, no interlace) of w x h pixels, row-major, 4
// bytes a pixel; empty when the sizes do not match the bytes.
std::string EncodePng(int w, int h, std::span<const uint8_t> rgba);
// RFC 4648 base64, padded (for data: URLs).
std::string Base64(std::string_view bytes);
// The checksums the format uses, for the tests: CRC-32 (ISO 3309, as in PNG
// and zlib's crc32) and Adler-32 (zlib's).
uint32_t Crc32(std::string_view bytes, uint32_t crc = 0);
uint32_t Adler32(std::string_view bytes);

}  // namespace cp
