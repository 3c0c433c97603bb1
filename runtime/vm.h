// Internal: the expression machine that runs one code block against a request's slots.
#pragma once

#include <string>

#include "runtime/scratch.h"

namespace refrain::runtime {

struct EvalError {
  std::string code;     // "missing_field", "type_mismatch", "currency_mismatch", "overflow", "bundle_fault"
  std::string message;
};

// Runs block `index` and leaves its single result in `out`. False with
// `error` set on an evaluation error (docs/language.md §7.2). Never reads outside the
// verified bundle, the slots or the scratch stack.
bool runBlock(const LoadedBundle& l, uint32_t index, Scratch& s, Value* out, EvalError* error);

}  // namespace refrain::runtime
