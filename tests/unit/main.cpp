// The doctest runner for every suite in tests/unit, native and wasm alike.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
