// workspace.h — the scratch memory the ops and kernels use, owned by the caller.
//
// The fast kernels pack inputs and weights, Winograd transforms tiles, and a
// conv with reflect/replicate/circular padding materialises its padded input.
// All of that lives in a Workspace the caller passes in, not in statics: two
// engines (or two threads, each with its own Workspace) never share a buffer,
// and what is held is visible and releasable.
//
// Each buffer (a ScratchOf) is reused across calls, so a million small calls
// allocate nothing, and released after any call that needed more than
// kKeepBytes, so one huge configuration does not pin its memory (at most a
// few x 4 MiB stay). Allocation is nothrow: a kernel that gets null takes a
// path that needs no scratch (a huge configuration is slow, not a crash) or,
// where there is none, the op fails with a message.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>

namespace cp {

template <class T>
class ScratchOf {
public:
    static constexpr size_t kKeepBytes = size_t(4) << 20;
    // Called when the use is over: frees the buffer if it is larger than kKeepBytes.
    void Done() {
        if (Bytes() > kKeepBytes) Release();
    }
    void Release() {
        data_.reset();
        size_ = 0;
    }
    size_t Bytes() const { return size_ * sizeof(T); }

private:
    friend class Workspace;
    // At least `count` elements, contents undefined; null when memory cannot
    // grow that far or the request exceeds limit_bytes.
    T* Get(size_t count, size_t limit_bytes) {
        if (count > size_) {
            if (count > limit_bytes / sizeof(T)) return nullptr;
            data_.reset();  // never hold the old and the new buffer at once
            data_.reset(new (std::nothrow) T[count]);
            size_ = data_ ? count : 0;
        }
        return data_.get();
    }
    std::unique_ptr<T[]> data_;
    size_t size_ = 0;
};
using Scratch = ScratchOf<float>;

class Workspace {
public:
    Workspace() = default;
    Workspace(const Workspace&) = delete;  // a copy would be a second set of buffers: make one instead
    Workspace& operator=(const Workspace&) = delete;
    Workspace(Workspace&&) = default;
    Workspace& operator=(Workspace&&) = default;

    // A buffer of at least `count` elements from one of the slots below, or null.
    template <class T>
    T* Get(ScratchOf<T>& slot, size_t count) {
        return slot.Get(count, limit_bytes_);
    }

    // Test hook: requests for more than `bytes` in one buffer fail as if memory
    // had run out, so tests can reach every fallback deterministically.
    void SetLimitBytes(size_t bytes) { limit_bytes_ = bytes; }
    size_t LimitBytes() const { return limit_bytes_; }

    // Scratch bytes held between calls (at most a few x kKeepBytes).
    size_t HeldBytes() const {
        return conv.offsets.Bytes() + conv.input.Bytes() + conv.weights.Bytes() + conv.row.Bytes() +
               winograd.padded.Bytes() + winograd.u.Bytes() + winograd.v.Bytes() + winograd.m.Bytes() +
               winograd.offsets.Bytes() + transpose.phase.Bytes() + transpose.flipped.Bytes() +
               padding.values.Bytes() + padding.index.Bytes();
    }
    void Release() {  // keeps the limit
        const size_t limit = limit_bytes_;
        *this = Workspace();
        limit_bytes_ = limit;
    }

    // The slots, one per use site. They belong to the kernels (src/engine); a
    // caller only creates, passes and perhaps releases the Workspace.
    struct {
        ScratchOf<int32_t> offsets;  // per tap: byte offset into the packed input
        Scratch input, weights;      // packed input (padding + stride phases), packed weights
        Scratch row;                 // one padded input row, split by shuffles (strides 2 and 4)
    } conv;
    struct {
        Scratch padded, u, v, m;     // padded input, transformed kernel / input / products
        ScratchOf<int32_t> offsets;  // per input channel
    } winograd;
    struct {
        Scratch phase, flipped;      // one output phase of a transposed conv, its flipped and swapped weights
    } transpose;
    struct {
        Scratch values;              // an input with reflect/replicate/circular padding materialised
        ScratchOf<int32_t> index;    // per padded row and column: the input index it copies
    } padding;

private:
    size_t limit_bytes_ = std::numeric_limits<size_t>::max();
};

}  // namespace cp
