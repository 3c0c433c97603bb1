// Internal: §5.1 verdicts and §6 combining, from a read request to a Decision.
#pragma once

#include "runtime/scratch.h"

namespace refrain::runtime {

// Decides the request already read into `s`, filling `out` (use and work set).
void decideRequest(const LoadedBundle& l, Scratch& s, Decision* out);

}  // namespace refrain::runtime
