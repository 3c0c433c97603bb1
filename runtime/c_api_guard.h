// Internal: how the C API's entry points keep every exception inside the library.
#pragma once

#include <cstdlib>
#include <cstring>
#include <new>

#include "refrain/refrain.h"

namespace refrain::runtime {

// Runs `body` and returns its result; if it throws (allocation failure
// included), returns `failed` instead, so that nothing unwinds through a
// C caller. Builds without exceptions (WebAssembly) have nothing to catch:
// there, running out of memory traps, as docs/wasm.md says.
template <class T, class Body>
T guarded(T failed, Body&& body) noexcept {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    return body();
  } catch (...) {
    return failed;
  }
#else
  (void)failed;
  return body();
#endif
}

// Copies `len` bytes into a new rf_buffer, NUL-terminated for C callers;
// false when memory ran out (then `out` is left as it was).
inline bool fillBuffer(rf_buffer* out, const void* data, size_t len) {
  char* copy = static_cast<char*>(std::malloc(len + 1));
  if (!copy) return false;
  if (len) std::memcpy(copy, data, len);
  copy[len] = '\0';
  *out = rf_buffer{copy, len};
  return true;
}

}  // namespace refrain::runtime
