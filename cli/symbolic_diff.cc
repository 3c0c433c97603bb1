// `refrain diff` without a request log: the analyser's proof, per use and work.
#include <ostream>

#include "analysis/analyser.h"
#include "cli/analysis_report.h"
#include "cli/args.h"
#include "cli/diff_command.h"

namespace refrain::cli {

int symbolicDiff(const runtime::Engine& oldEngine, const runtime::Engine& newEngine, const DiffOptions& options,
                 std::ostream& out) {
  analysis::Options asked;
  asked.use = options.use;
  asked.at = options.at;
  analysis::Report report = analysis::diff(oldEngine, newEngine, asked);
  const OutcomeWords words{"differs", "same"};
  analysis::Outcome overall = options.json ? printReportJson(report, words, out) : printReport(report, words, out);
  if (!options.failOnChange) return kExitOk;
  return overall == analysis::Outcome::kFails ? kExitFailed : overall == analysis::Outcome::kUnknown ? kExitUsage : kExitOk;
}

}  // namespace refrain::cli
