// The REPL's expressions and explanations, both answered by the runtime.
#pragma once

#include <ostream>
#include <string>

#include "cli/repl_session.h"

namespace refrain::cli::repl {

// The session's request as the runtime should read it: when the catalog has
// its work, the catalog's line replaces the request's work (as in a decision).
std::string requestForRuntime(const Session& s, const ojson& request);

// Parses and checks `text` against the loaded program's regions, compiles it
// on its own and has the runtime evaluate it against the current request;
// prints `value : type` or one error line.
void evalExpression(const Session& s, const std::string& text, std::ostream& out);

// `:why`: each party's verdict and deciding rule, then each policy an `on`
// scope silenced, then each relevant allow rule whose `when` did not hold,
// with the false sub-condition and its values in the request that was decided:
// the runtime's explanation (runtime/explain.h) in words.
void explainWhy(const Session& s, std::ostream& out);

}  // namespace refrain::cli::repl
