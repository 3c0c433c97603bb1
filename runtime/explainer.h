// Internal: building explanations (explain.h) from a decision the scratch holds.
#pragma once

#include "runtime/explain.h"
#include "runtime/scratch.h"

namespace refrain::runtime {

// Explains the decision `d` that Engine::decideView just made in `s`;
// `judged` is false when the request could not be read (no rule ran).
Explanation explainDecision(const LoadedBundle& l, Scratch& s, const DecisionView& d, bool judged);

// Evaluates standalone expression `index` (Bundle::expressions) on the
// request readRequest(..., RequestMode::kPartial) read into `s`.
ShownValue evaluateExpression(const LoadedBundle& l, Scratch& s, uint32_t index);

// Evaluates code block `block` on the request read into `s`, as above.
ShownValue evaluateBlock(const LoadedBundle& l, Scratch& s, int32_t block);

// A value as explanations show it (explain.h, ShownValue::text).
std::string showValue(const Value& v, const Bundle& b);

}  // namespace refrain::runtime
