// The parser: tokens to a syntax tree, recovering after errors to report more.
#pragma once

#include "policy/ast.h"

namespace refrain::policy {

struct ParseLimits {
  int maxExprDepth = 64;       // deeper nesting is never written by hand; it bounds recursion
  int maxCallArguments = 64;   // `max`/`min` arguments; keeps every code block's stack small
};

// Lexes and parses `program.sources[file]`, appending its regions and
// policies to `program`. Errors go to `diags`; parsing resumes at the next
// rule, policy or region, so one run reports many errors.
void parseSource(Program& program, int file, Diagnostics& diags, const ParseLimits& limits = {});

// Parses one expression (the REPL's and tests' entry point). Returns null
// after reporting an error.
ExprPtr parseExpression(const SourceFile& source, int file, Diagnostics& diags,
                        const ParseLimits& limits = {});

}  // namespace refrain::policy
