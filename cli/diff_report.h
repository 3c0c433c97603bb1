// What `refrain diff --requests` prints: a summary for people, or JSON for
// machines (docs/analysis.md, "Diffing against a request log").
#pragma once

#include <iosfwd>
#include <string>

#include "cli/diff_tally.h"

namespace refrain::cli {

// `use` is the --use filter's use name, or empty. Groups come sorted by use,
// then kind of change, then decider; the same tally always prints the same bytes.
void writeDiffText(const DiffTally& tally, const std::string& use, std::ostream& out);
void writeDiffJson(const DiffTally& tally, const std::string& use, std::ostream& out);

}  // namespace refrain::cli
