// embed.cpp — embed.h: the quiz's questions.
#include "state/formats/embed.h"

namespace cp {
namespace {

// splitmix64: a tiny generator whose sequence is fixed by its definition, so
// question n is the same everywhere (std::uniform_int_distribution is not).
struct Draw {
    uint64_t state;
    uint64_t Next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int Between(int lo, int hi) { return lo + int(Next() % uint64_t(hi - lo + 1)); }  // inclusive
    bool Chance(int percent) { return Between(1, 100) <= percent; }
};

Layer Candidate(Draw& d) {
    // Mostly convolutions, which a course asks about most; then the others.
    const int roll = d.Between(1, 10);
    const OpKind op = roll <= 6 ? OpKind::Conv2d : roll <= 8 ? OpKind::ConvTranspose2d
                      : roll == 9 ? OpKind::MaxPool2d : OpKind::AvgPool2d;
    Layer layer = ChangeOp(Layer{}, op);
    const bool pool = op == OpKind::MaxPool2d || op == OpKind::AvgPool2d;
    const int k = pool ? d.Between(2, 3) : d.Between(1, 5);
    const bool square = d.Chance(85);
    SetKernel(layer, square ? Size2{k, k} : Size2{k, d.Between(1, 5)});
    const int s = pool ? k : d.Between(1, 3);
    SetStride(layer, square ? Size2{s, s} : Size2{s, d.Between(1, 3)});
    const int p = pool ? d.Between(0, k / 2) : d.Between(0, 2);
    SetPadding(layer, Size2{p, p});
    if (HasDilation(layer) && !pool && d.Chance(20)) SetDilation(layer, Size2{2, 2});
    return layer;
}

}  // namespace

Doc QuizQuestion(uint32_t seed) {
    Draw d{uint64_t(seed) * 2654435761ull + 1};
    for (int attempt = 0; attempt < 64; ++attempt) {
        Doc doc = DefaultDoc();
        const int side = d.Between(4, 9);
        doc.input.h = side;
        doc.input.w = d.Chance(80) ? side : d.Between(4, 9);
        doc.input.channels = 1;
        doc.input.seed = uint32_t(d.Between(1, 999));
        doc.layers.assign(1, Candidate(d));
        // Valid, not trivial (an output of 1x1 teaches little), and not so
        // large that counting cells replaces the formula.
        const auto picture = PictureOf(doc.layers[0], Shape{1, 1, doc.input.h, doc.input.w});
        if (!picture.ok()) continue;
        const Shape out = picture.value().out;
        if (out.h < 2 || out.w < 2 || out.h > 12 || out.w > 12) continue;
        return doc;
    }
    // Never reached for the ranges above (the tests walk thousands of seeds);
    // a valid question all the same.
    return DefaultDoc();
}

}  // namespace cp
