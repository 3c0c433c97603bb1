// The WebAssembly module's own translation unit: everything it exports is the C API of
// include/refrain/refrain.h (and, in the compiler module, compiler/refrain_compile.h).
#include "refrain/refrain.h"
