// The WebAssembly module's own translation unit: everything it exports is the C API of
// runtime/refrain.h (and, in the compiler module, compiler/refrain_compile.h).
#include "runtime/refrain.h"
