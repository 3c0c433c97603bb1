// Internal: docs/language.md §5.1 verdicts and §6 combining, from a read request to a Decision.
#pragma once

#include "runtime/scratch.h"

namespace refrain::runtime {

// Decides the request already read into `s`, filling `out` (use and work set).
// Decides what readRequest() put in `s` into `out` (whose use and work the
// caller sets), with views into the bundle, the request and `s`.
void decideRequest(const LoadedBundle& l, Scratch& s, DecisionView* out);

}  // namespace refrain::runtime
