// The C API moved to include/refrain/refrain.h, the installed public header;
// this path still works for code written against it.
#pragma once
#include "refrain/refrain.h"
