// Internal: how the C API's entry points keep every exception inside the library.
#pragma once

#include <new>

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

}  // namespace refrain::runtime
