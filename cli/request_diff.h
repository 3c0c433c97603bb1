// `refrain diff --requests`: a request log decided by both sides of a policy change.
#pragma once

#include <iosfwd>

#include "cli/diff_command.h"
#include "cli/diff_tally.h"
#include "runtime/engine.h"

namespace refrain::cli {

// Streams `in`, one request per line (blank lines skipped, but counted in
// line numbers), decides each request with both engines and tallies what
// changed. With options.use, only requests whose use is that use or below it
// count. A line that is no request at all (invalid_json, request_too_large,
// request_too_deep: the same whatever the policies) is counted apart, with
// its line number, and not decided again. options.at must be unset: a log
// carries its own times.
DiffTally diffRequests(const runtime::Engine& oldEngine, const runtime::Engine& newEngine, const DiffOptions& options,
                       std::istream& in);

}  // namespace refrain::cli
