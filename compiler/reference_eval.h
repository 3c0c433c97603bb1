// The reference evaluator: a plain tree-walking implementation of docs/language.md §5–§10,
// used only as a test oracle.
//
// It decides a request straight from the checked syntax tree and the request
// JSON, sharing no code with the bytecode runtime's request reader, machine
// or combiner; only the exact-money, split, time and decision-writing helpers
// (unit-tested on their own) are reused. It is written for clarity, not
// speed: the differential test compares its decisions with the runtime's,
// byte for byte.
#pragma once

#include <string_view>
#include <vector>

#include "policy/ast.h"
#include "runtime/bundle.h"
#include "runtime/decision.h"

namespace refrain::compiler {

// Decides `requestJson` against `program` (checked by policy::checkProgram
// without errors) and `catalog` (CompileResult::works). Never fails: a bad
// request is a deny with a named error, as in the runtime. Uses the runtime's
// default request limits (1 MiB, nesting depth 32). Thread-safe for distinct
// arguments; `program` and `catalog` are only read.
runtime::Decision referenceDecide(const policy::Program& program, const std::vector<runtime::WorkDef>& catalog,
                                  std::string_view requestJson);

}  // namespace refrain::compiler
