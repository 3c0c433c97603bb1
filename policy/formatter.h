// The formatter: one canonical layout for Refrain sources, comments kept (`refrain fmt`).
#pragma once

#include <string>

#include "policy/diagnostic.h"

namespace refrain::policy {

// Lays `in` out canonically (docs/language.md §13) into `*out`.
// The source must parse: on a syntax error the parser's diagnostics (file
// index 0) go to `diags`, `*out` is left alone and the result is false.
// Formatting keeps every token and comment, never changes meaning, and is
// idempotent: formatting the output again gives the same text.
bool formatSource(const SourceFile& in, std::string* out, Diagnostics& diags);

}  // namespace refrain::policy
