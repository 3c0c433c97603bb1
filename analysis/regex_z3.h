// RE2 patterns as the solver's regular expressions, for the part of RE2's
// syntax whose meaning maps exactly; anything else is named as unsupported.
#pragma once

#include <string>

#include "analysis/sym_value.h"

namespace refrain::analysis {

// The language of strings in which `pattern` finds a match (an unanchored
// search, as `matches` does). False for a pattern outside the supported
// subset, with `unsupported` saying why.
bool regexOf(z3::context& ctx, const std::string& pattern, z3::expr* language, Unsupported* unsupported);

}  // namespace refrain::analysis
