// The REPL's `:diff FILE...` and `:verify PROPERTY`: the analyser on the loaded program.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/repl_session.h"

namespace refrain::cli::repl {

// What changes from the loaded sources to FILE... (compiled with the session's catalog).
void diffCommand(const Session& s, const std::vector<std::string>& files, std::ostream& out);

// Proves `property` of the loaded program (docs/analysis.md); `implies` is not offered here.
void verifyCommand(const Session& s, const std::string& property, std::ostream& out);

}  // namespace refrain::cli::repl
