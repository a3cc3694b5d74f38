// fast_simd.h — the 4-lane float vector the fast kernels are written in.
//
// Under -msimd128 it is WebAssembly SIMD (v128_t); elsewhere a portable
// 4-float struct with the same operations, so the native test suite runs the
// very same packing, tiling and tail logic that runs in the browser (only the
// lane arithmetic differs, and that is plain IEEE add/mul in both).
// Private to src/engine/fast_*.cpp.
#pragma once
#include <cstring>
#include <memory>

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
// PyTorch's max-pool update, lane-wise: take v when v > m or v is NaN.
// Written with compares + bitselect because f32x4.max lowers slowly on x64
// and pmax alone would drop NaNs.
inline V MaxUpdate(V m, V v) {
    V take = wasm_v128_or(wasm_f32x4_lt(m, v), wasm_f32x4_ne(v, v));
    return wasm_v128_bitselect(v, m, take);
}
// Even lanes of the 8 floats a:b (stride-2 deinterleave).
inline V Evens(V a, V b) { return wasm_i32x4_shuffle(a, b, 0, 2, 4, 6); }
inline V Odds(V a, V b) { return wasm_i32x4_shuffle(a, b, 1, 3, 5, 7); }
// Interleave a and b: a0 b0 a1 b1 / a2 b2 a3 b3.
inline V ZipLo(V a, V b) { return wasm_i32x4_shuffle(a, b, 0, 4, 1, 5); }
inline V ZipHi(V a, V b) { return wasm_i32x4_shuffle(a, b, 2, 6, 3, 7); }
// Low / high halves of a and b: a0 a1 b0 b1 / a2 a3 b2 b3.
inline V Lo64(V a, V b) { return wasm_i32x4_shuffle(a, b, 0, 1, 4, 5); }
inline V Hi64(V a, V b) { return wasm_i32x4_shuffle(a, b, 2, 3, 6, 7); }
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
inline V MaxUpdate(V m, V v) {
    V r;
    for (int i = 0; i < 4; ++i) r.v[i] = (v.v[i] > m.v[i] || v.v[i] != v.v[i]) ? v.v[i] : m.v[i];
    return r;
}
inline V Evens(V a, V b) { return {{a.v[0], a.v[2], b.v[0], b.v[2]}}; }
inline V Odds(V a, V b) { return {{a.v[1], a.v[3], b.v[1], b.v[3]}}; }
inline V ZipLo(V a, V b) { return {{a.v[0], b.v[0], a.v[1], b.v[1]}}; }
inline V ZipHi(V a, V b) { return {{a.v[2], b.v[2], a.v[3], b.v[3]}}; }
inline V Lo64(V a, V b) { return {{a.v[0], a.v[1], b.v[0], b.v[1]}}; }
inline V Hi64(V a, V b) { return {{a.v[2], a.v[3], b.v[2], b.v[3]}}; }
#endif

// Scratch memory for packed inputs, weights and offsets: one buffer per use
// site, reused across calls so a million small calls allocate nothing, and
// released after any call that needed more than kKeepBytes, so one huge
// configuration does not pin its memory for the life of the page.
template <class T>
class ScratchOf {
public:
    static constexpr size_t kKeepBytes = size_t(8) << 20;
    T* Get(size_t count) {  // contents undefined
        if (count > size_) {
            data_.reset(new T[count]);
            size_ = count;
        }
        return data_.get();
    }
    void Done() {
        if (size_ * sizeof(T) > kKeepBytes) {
            data_.reset();
            size_ = 0;
        }
    }

private:
    std::unique_ptr<T[]> data_;
    size_t size_ = 0;
};
using Scratch = ScratchOf<float>;

}  // namespace cp::fast
