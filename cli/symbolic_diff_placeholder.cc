// Stands in for the symbolic mode of `refrain diff` until the analysis module
// that proves differences lands; only so that the command links meanwhile.
#include <iostream>

#include "cli/args.h"
#include "cli/diff_command.h"

namespace refrain::cli {

int symbolicDiff(const runtime::Engine&, const runtime::Engine&, const DiffOptions&, std::ostream&) {
  std::cerr << "refrain: symbolic diff is not built yet\n";
  return kExitUsage;
}

}  // namespace refrain::cli
