// What of an allow rule a signal can state: its purposes, territories and price, read back from the bundle's code.
#pragma once

#include <string>

#include "interop/stance.h"
#include "runtime/bundle.h"

namespace refrain::interop {

// The offer an allow rule of policy `p` makes. `scopeKnown` is true when
// the policy's `on` scope is known to hold (or it has none); otherwise the
// scope counts as one more condition. The rule's `when` is read conjunct by
// conjunct: `purpose == "x"`, `purpose in [...]`, `territory == X`,
// `territory in [...]` and their negations become purposes and
// territories; anything else stays a condition, in the language's
// canonical text. The pay clause becomes a Price when it is a money
// constant, or a constant times `units`.
Offer offerOf(const runtime::Bundle& b, const runtime::PolicyDef& p, const runtime::RuleDef& rule, bool scopeKnown);

// The canonical text of a rule's `when` (empty without one).
std::string whenText(const runtime::RuleDef& rule);

// A money amount in the language's decimal form, at least two decimals:
// 1000000000 micro-units -> "1000.00", 2500 -> "0.0025".
std::string moneyAmount(int64_t micros);

}  // namespace refrain::interop
