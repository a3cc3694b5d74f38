// tensor.h — the engine's value types: NCHW shapes, float32 tensors, and the
// Result that carries either a value or a message saying what is wrong.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cp {

// NCHW. Every dimension of a valid tensor is >= 1.
struct Shape {
    int n = 1, c = 1, h = 1, w = 1;
    int64_t Count() const { return int64_t(n) * c * h * w; }
    bool operator==(const Shape&) const = default;
};

// A read-only look at float32 data laid out as NCHW (or OIHW for weights).
struct TensorView {
    Shape shape;
    const float* data = nullptr;
};

struct Tensor {
    Shape shape;
    std::vector<float> data;  // shape.Count() values, NCHW
    TensorView View() const { return {shape, data.data()}; }
};

// Either a value or an error message. Invalid configurations are values, not
// exceptions: the message names what is wrong, the numbers, and how to fix it.
template <class T>
class Result {
public:
    Result(T value) : value_(std::move(value)), ok_(true) {}
    static Result Fail(std::string message) { return Result(std::move(message), 0); }
    bool ok() const { return ok_; }
    const T& value() const { return value_; }
    T& value() { return value_; }
    const std::string& error() const { return error_; }

private:
    Result(std::string message, int) : error_(std::move(message)) {}
    T value_{};
    std::string error_;
    bool ok_ = false;
};

}  // namespace cp
