// fast_simd.h — the 4-lane float vector the fast kernels are written in.
//
// Under -msimd128 it is WebAssembly SIMD (v128_t); elsewhere a portable
// 4-float struct with the same operations, so the native test suite runs the
// very same packing, tiling and tail logic that runs in the browser (only the
// lane arithmetic differs, and that is plain IEEE add/mul in both).
// Private to src/engine/fast_*.cpp.
#pragma once
#include <cstring>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace cp::fast {

#ifdef __wasm_simd128__
using V = v128_t;
inline V Load(const float* p) { return wasm_v128_load(p); }
inline void Store(float* p, V a) { wasm_v128_store(p, a); }
inline V Splat(float s) { return wasm_f32x4_splat(s); }
// load32_splat broadcasts straight from memory: one instruction, no lane
// shuffle (measured here: 68 vs 44 GFLOP/s in the 4x8 tile).
inline V LoadSplat(const float* p) { return wasm_v128_load32_splat(p); }
inline V Add(V a, V b) { return wasm_f32x4_add(a, b); }
inline V Sub(V a, V b) { return wasm_f32x4_sub(a, b); }
inline V Mul(V a, V b) { return wasm_f32x4_mul(a, b); }
inline V Div(V a, V b) { return wasm_f32x4_div(a, b); }
// Max pooling, lane-wise. PMax(m, v) = m < v ? v : m: PyTorch's strict
// `v > m` update (the first of equal values wins) in one x64 maxps; f32x4.max
// lowers to a long sequence. pmax drops a NaN v, so NaNs are tracked apart
// (NaNMask accumulates v != v) and restored at the end (WithNaN).
inline V PMax(V m, V v) { return wasm_f32x4_pmax(m, v); }
inline V PMin(V m, V v) { return wasm_f32x4_pmin(m, v); }  // v < m ? v : m
inline V NaNMask(V acc, V v) { return wasm_v128_or(acc, wasm_f32x4_ne(v, v)); }
inline V WithNaN(V m, V mask) { return wasm_v128_bitselect(wasm_f32x4_splat(__builtin_nanf("")), m, mask); }
// Even lanes of the 8 floats a:b (stride-2 deinterleave).
inline V Evens(V a, V b) { return wasm_i32x4_shuffle(a, b, 0, 2, 4, 6); }
inline V Odds(V a, V b) { return wasm_i32x4_shuffle(a, b, 1, 3, 5, 7); }
// Interleave a and b: a0 b0 a1 b1 / a2 b2 a3 b3.
inline V ZipLo(V a, V b) { return wasm_i32x4_shuffle(a, b, 0, 4, 1, 5); }
inline V ZipHi(V a, V b) { return wasm_i32x4_shuffle(a, b, 2, 6, 3, 7); }
// Low / high halves of a and b: a0 a1 b0 b1 / a2 a3 b2 b3.
inline V Lo64(V a, V b) { return wasm_i32x4_shuffle(a, b, 0, 1, 4, 5); }
inline V Hi64(V a, V b) { return wasm_i32x4_shuffle(a, b, 2, 3, 6, 7); }
// Lanes 0, 3, 6, 9 of the 12 floats a:b:c (stride-3 deinterleave).
inline V Thirds(V a, V b, V c) { return wasm_i32x4_shuffle(wasm_i32x4_shuffle(a, b, 0, 3, 6, 0), c, 0, 1, 2, 5); }
// Lane 0 of each of a, b, c, d (stride-4 deinterleave).
inline V Firsts(V a, V b, V c, V d) {
    return wasm_i32x4_shuffle(wasm_i32x4_shuffle(a, b, 0, 4, 0, 4), wasm_i32x4_shuffle(c, d, 0, 4, 0, 4), 0, 1, 4, 5);
}
// p[0], p[s], p[2s], p[3s]: four scalar loads into lanes.
inline V Gather(const float* p, long s) { return wasm_f32x4_make(p[0], p[s], p[2 * s], p[3 * s]); }
#else
struct V {
    float v[4];
};
inline V Load(const float* p) {
    V r;
    std::memcpy(r.v, p, sizeof r.v);
    return r;
}
inline void Store(float* p, V a) { std::memcpy(p, a.v, sizeof a.v); }
inline V Splat(float s) { return {{s, s, s, s}}; }
inline V LoadSplat(const float* p) { return Splat(*p); }
inline V Add(V a, V b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}}; }
inline V Sub(V a, V b) { return {{a.v[0] - b.v[0], a.v[1] - b.v[1], a.v[2] - b.v[2], a.v[3] - b.v[3]}}; }
inline V Mul(V a, V b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1], a.v[2] * b.v[2], a.v[3] * b.v[3]}}; }
inline V Div(V a, V b) { return {{a.v[0] / b.v[0], a.v[1] / b.v[1], a.v[2] / b.v[2], a.v[3] / b.v[3]}}; }
inline V PMax(V m, V v) { return {{m.v[0] < v.v[0] ? v.v[0] : m.v[0], m.v[1] < v.v[1] ? v.v[1] : m.v[1],
                                    m.v[2] < v.v[2] ? v.v[2] : m.v[2], m.v[3] < v.v[3] ? v.v[3] : m.v[3]}}; }
inline V PMin(V m, V v) { return {{v.v[0] < m.v[0] ? v.v[0] : m.v[0], v.v[1] < m.v[1] ? v.v[1] : m.v[1],
                                    v.v[2] < m.v[2] ? v.v[2] : m.v[2], v.v[3] < m.v[3] ? v.v[3] : m.v[3]}}; }
// Lanes that saw a NaN hold a NaN (any payload) in acc.
inline V NaNMask(V acc, V v) {
    for (int i = 0; i < 4; ++i)
        if (v.v[i] != v.v[i]) acc.v[i] = v.v[i];
    return acc;
}
inline V WithNaN(V m, V mask) {
    for (int i = 0; i < 4; ++i)
        if (mask.v[i] != mask.v[i]) m.v[i] = mask.v[i];
    return m;
}
inline V Evens(V a, V b) { return {{a.v[0], a.v[2], b.v[0], b.v[2]}}; }
inline V Odds(V a, V b) { return {{a.v[1], a.v[3], b.v[1], b.v[3]}}; }
inline V ZipLo(V a, V b) { return {{a.v[0], b.v[0], a.v[1], b.v[1]}}; }
inline V ZipHi(V a, V b) { return {{a.v[2], b.v[2], a.v[3], b.v[3]}}; }
inline V Lo64(V a, V b) { return {{a.v[0], a.v[1], b.v[0], b.v[1]}}; }
inline V Hi64(V a, V b) { return {{a.v[2], a.v[3], b.v[2], b.v[3]}}; }
inline V Thirds(V a, V b, V c) { return {{a.v[0], a.v[3], b.v[2], c.v[1]}}; }
inline V Firsts(V a, V b, V c, V d) { return {{a.v[0], b.v[0], c.v[0], d.v[0]}}; }
inline V Gather(const float* p, long s) { return {{p[0], p[s], p[2 * s], p[3 * s]}}; }
#endif

}  // namespace cp::fast
