// How `refrain diff` and `refrain verify` print what the analyser found.
#pragma once

#include <iosfwd>
#include <string>

#include "analysis/analyser.h"

namespace refrain::cli {

// The words for each outcome: `differs`/`same` for diff, `fails`/`holds` for verify.
struct OutcomeWords {
  const char* fails;
  const char* holds;
};

// Every finding that is not `holds`, with its request and what the runtime
// said, then one summary line; returns the summary's outcome.
analysis::Outcome printReport(const analysis::Report& report, const OutcomeWords& words, std::ostream& out);

// The same as one JSON document (docs/analysis.md): the outcome, the
// counts, and every finding that is not `holds`, its request as an object.
analysis::Outcome printReportJson(const analysis::Report& report, const OutcomeWords& words, std::ostream& out);

// Parses `--at` (RFC 3339, or a date) into UTC seconds; false when it is neither.
bool parseAt(const std::string& text, int64_t* seconds);

}  // namespace refrain::cli
