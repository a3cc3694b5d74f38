// test_rasters.cpp — image mode's pixels (state/image/rasters.h) and the PNG
// the SVG embeds them as (scene/png.h): the packed padded picture equals
// F.pad's rounded to bytes, the colour scale's robust range ignores outliers
// and the zero-padded border, the colormap's ends, and a PNG whose chunks,
// checksums and stored blocks read back to the same pixels.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "engine/ops.h"
#include "scene/png.h"
#include "state/image/images.h"
#include "state/image/rasters.h"

namespace {

uint32_t Be32(const std::string& s, size_t at) {
    return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
           (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

// A PNG as EncodePng writes it, read back: chunks (each CRC checked), the
// zlib stream's stored blocks and Adler-32, the scanlines' filter bytes.
struct Decoded {
    int w = 0, h = 0;
    std::vector<uint8_t> rgba;
    int blocks = 0;
};
Decoded ReadPng(const std::string& png) {
    Decoded d;
    REQUIRE(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    std::string idat;
    for (size_t at = 8; at < png.size();) {
        const uint32_t n = Be32(png, at);
        const std::string type = png.substr(at + 4, 4), data = png.substr(at + 8, n);
        CHECK(Be32(png, at + 8 + n) == cp::Crc32(png.substr(at + 4, 4 + n)));
        if (type == "IHDR") {
            d.w = int(Be32(data, 0)), d.h = int(Be32(data, 4));
            CHECK(data.substr(8) == std::string("\x08\x06\x00\x00\x00", 5));  // 8-bit RGBA
        }
        if (type == "IDAT") idat += data;
        at += 12 + n;
    }
    REQUIRE(idat.size() > 6);
    CHECK((uint8_t(idat[0]) * 256 + uint8_t(idat[1])) % 31 == 0);  // the zlib header's check bits
    std::string raw;
    size_t at = 2;
    for (bool last = false; !last;) {
        last = idat[at] & 1;
        CHECK((idat[at] & 6) == 0);  // stored
        const size_t n = uint8_t(idat[at + 1]) | (size_t(uint8_t(idat[at + 2])) << 8);
        const size_t nn = uint8_t(idat[at + 3]) | (size_t(uint8_t(idat[at + 4])) << 8);
        CHECK((n ^ nn) == 0xFFFF);
        raw += idat.substr(at + 5, n);
        at += 5 + n;
        ++d.blocks;
    }
    CHECK(Be32(idat, at) == cp::Adler32(raw));
    REQUIRE(raw.size() == size_t(d.h) * (size_t(d.w) * 4 + 1));
    for (int y = 0; y < d.h; ++y) {
        const size_t row = size_t(y) * (size_t(d.w) * 4 + 1);
        CHECK(raw[row] == 0);  // filter: none
        d.rgba.insert(d.rgba.end(), raw.begin() + long(row + 1), raw.begin() + long(row + 1 + size_t(d.w) * 4));
    }
    return d;
}

}  // namespace

TEST_CASE("png: the checksums' published values, base64, and pixels that read back") {
    CHECK(cp::Crc32("123456789") == 0xCBF43926u);  // the CRC-32 check value
    CHECK(cp::Crc32("IEND") == 0xAE426082u);      // every PNG's last four bytes
    CHECK(cp::Adler32("Wikipedia") == 0x11E60398u);
    CHECK(cp::Base64("Man") == "TWFu");
    CHECK(cp::Base64("Ma") == "TWE=");
    CHECK(cp::Base64("M") == "TQ==");
    CHECK(cp::EncodePng(2, 2, std::vector<uint8_t>(15)).empty());
    for (const auto& [w, h] : {std::pair{1, 1}, std::pair{3, 2}, std::pair{200, 100}}) {  // the last: two stored blocks
        std::vector<uint8_t> rgba(size_t(w) * size_t(h) * 4);
        std::mt19937 rng(uint32_t(w * 7 + h));
        for (uint8_t& b : rgba) b = uint8_t(rng());
        const std::string png = cp::EncodePng(w, h, rgba);
        CHECK(png.substr(png.size() - 4) == std::string("\xAE\x42\x60\x82", 4));
        const Decoded d = ReadPng(png);
        CHECK(d.w == w);
        CHECK(d.h == h);
        CHECK(d.rgba == rgba);
        CHECK(d.blocks == (w == 200 ? 2 : 1));
    }
}

TEST_CASE("the padded picture packed as RGBA is F.pad's, rounded to bytes, in every mode") {
    std::mt19937 rng(14);
    for (const int channels : {1, 3})
        for (const cp::PaddingMode mode : {cp::PaddingMode::Zeros, cp::PaddingMode::Reflect,
                                           cp::PaddingMode::Replicate, cp::PaddingMode::Circular}) {
            cp::Tensor picture{{1, channels, 6, 9}, std::vector<float>(size_t(channels) * 54)};
            for (float& v : picture.data) v = std::uniform_real_distribution<float>(-0.2f, 1.2f)(rng);
            cp::Doc doc;
            cp::Conv2dOptions o;
            o.pad = {2, 1, 3, 2};
            o.mode = mode;
            cp::Layer layer;
            layer.options = o;
            doc.layers = {layer};
            cp::Workspace ws;
            const cp::ImageRun run = cp::RunImage(doc, picture, ws);
            const cp::Tensor want = cp::Pad2d(picture.View(), o.pad, mode).value();
            std::vector<uint8_t> bytes;
            cp::PackPaddedRgba(run, bytes);
            const int h = want.shape.h, w = want.shape.w;
            REQUIRE(bytes.size() == size_t(h) * size_t(w) * 4);
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x)
                    for (int c = 0; c < 3; ++c) {
                        const float v = want.data[(size_t(channels == 3 ? c : 0) * size_t(h) + size_t(y)) * size_t(w) + size_t(x)];
                        const int level = int(std::lround(std::clamp(v, 0.0f, 1.0f) * 255));
                        CHECK(std::abs(int(bytes[(size_t(y) * size_t(w) + size_t(x)) * 4 + size_t(c)]) - level) <= 1);
                    }
            CHECK(bytes[3] == 255);
        }
}

TEST_CASE("colour scale: the robust range ignores a few outliers and says how many it clips; full keeps them") {
    const int h = 40, w = 50;
    std::vector<float> plane(size_t(h) * size_t(w));
    for (size_t i = 0; i < plane.size(); ++i) plane[i] = float(i % 100) / 99.0f;  // 0..1, evenly
    plane[7] = 50, plane[900] = 80, plane[1500] = 120;                           // three extremes
    const cp::Interior all{0, h, 0, w};
    const cp::ColourScale robust = cp::MapScale(plane, h, w, all, false);
    CHECK_FALSE(robust.diverging);
    CHECK(robust.lo < 0.03f);
    CHECK(robust.hi > 0.95f);
    CHECK(robust.hi <= 1.0f);
    // The extremes and the top percent of the ramp are beyond the range.
    CHECK(robust.clipped > 3.0 / 2000);
    CHECK(robust.clipped < 0.03);
    const cp::ColourScale full = cp::MapScale(plane, h, w, all, true);
    CHECK(full.full);
    CHECK(full.hi == 120.0f);
    CHECK(full.lo == 0.0f);
    CHECK(full.clipped == 0);
    // Signed values: symmetric around zero.
    for (float& v : plane) v = v - 0.25f;
    const cp::ColourScale signed_scale = cp::MapScale(plane, h, w, all, true);
    CHECK(signed_scale.diverging);
    CHECK(signed_scale.lo == -signed_scale.hi);
    // Nothing finite: an empty scale, not a crash.
    std::vector<float> nans(4, std::nanf(""));
    CHECK(cp::MapScale(nans, 2, 2, {0, 2, 0, 2}, false).hi == 0);
}

TEST_CASE("colour scale: the border that reads zero padding does not set the interior's scale") {
    // An edge filter on a flat grey picture: zero inside, strong at the border
    // where the window meets the zero padding.
    cp::Tensor picture{{1, 1, 32, 32}, std::vector<float>(32 * 32, 0.5f)};
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) picture.data[size_t(y) * 32 + size_t(x)] += 0.01f * float((x * 7 + y * 3) % 5);
    cp::Doc doc;
    cp::Conv2dOptions o;
    o.pad = cp::Padding4::Symmetric(1, 1);
    cp::Layer layer;
    layer.options = o;
    layer.kernel_preset = cp::KernelPreset::SobelX;
    doc.layers = {layer};
    cp::Workspace ws;
    const cp::ImageRun run = cp::RunImage(doc, picture, ws);
    const std::vector<cp::LayerPlan> plans = cp::PlansAtPicture(doc, picture.shape);
    REQUIRE(plans[0].picture.ok());
    const cp::Interior inner = cp::InteriorOf(plans[0].picture.value());
    CHECK(inner.y0 == 1);
    CHECK(inner.y1 == 31);
    CHECK(inner.x0 == 1);
    CHECK(inner.x1 == 31);
    const std::vector<float>& map = run.layers[0].output.data;
    float interior_max = 0, border_max = 0;
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) {
            float& m = y >= 1 && y < 31 && x >= 1 && x < 31 ? interior_max : border_max;
            m = std::max(m, std::fabs(map[size_t(y) * 32 + size_t(x)]));
        }
    REQUIRE(border_max > 10 * interior_max);  // the border would wash the interior out
    const cp::ColourScale s = cp::MapScale(map, 32, 32, inner, false);
    CHECK(s.hi <= interior_max * 1.0001f);
    CHECK(s.clipped > 0.05);  // the border's pixels, beyond it
    const cp::ColourScale whole = cp::MapScale(map, 32, 32, inner, true);  // full: the whole map, border too
    CHECK(whole.hi >= border_max * 0.9999f);
    CHECK(whole.clipped == 0);
    // A mode that copies the picture has no zero border: every output is interior.
    o.mode = cp::PaddingMode::Reflect;
    doc.layers[0].options = o;
    const cp::Interior all = cp::InteriorOf(cp::PlansAtPicture(doc, picture.shape)[0].picture.value());
    CHECK(all.y0 == 0);
    CHECK(all.y1 == 32);
    CHECK(all.x0 == 0);
    CHECK(all.x1 == 32);
}

TEST_CASE("colormap: grey from lo to hi, RdBu around zero, the ends clamped") {
    cp::ColourScale grey{0, 2, false};
    CHECK(cp::ColourOf(0, grey) == std::array<uint8_t, 3>{0, 0, 0});
    CHECK(cp::ColourOf(2, grey) == std::array<uint8_t, 3>{255, 255, 255});
    CHECK(cp::ColourOf(9, grey) == std::array<uint8_t, 3>{255, 255, 255});
    CHECK(cp::ColourOf(1, grey)[0] == 128);
    cp::ColourScale div{-3, 3, true};
    CHECK(cp::ColourOf(0, div) == std::array<uint8_t, 3>{247, 247, 247});
    CHECK(cp::ColourOf(-3, div) == std::array<uint8_t, 3>{33, 102, 172});
    CHECK(cp::ColourOf(30, div) == std::array<uint8_t, 3>{178, 24, 43});
    std::vector<uint8_t> bytes;
    cp::ColourizeRgba(std::vector<float>{-3, 0, 3}, 1, 3, div, bytes);
    CHECK(bytes == std::vector<uint8_t>{33, 102, 172, 255, 247, 247, 247, 255, 178, 24, 43, 255});
}
