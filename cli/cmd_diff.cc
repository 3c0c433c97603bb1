// `refrain diff`: what a policy change does, from a request log (here) or
// proven symbolically (symbolicDiff, the analysis module).
#include <fstream>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/diff_command.h"
#include "cli/diff_report.h"
#include "cli/diff_sides.h"
#include "cli/request_diff.h"

namespace refrain::cli {

namespace {

const char* kHelp = R"(usage: refrain diff --old SIDE --new SIDE [--requests REQS.jsonl] [--format text|json]
                    [--use USE] [--at TIME] [--limit K] [--fail-on-change]
       where SIDE is B.rfb, or FILE... [--catalog WORKS.jsonl]

Shows what changing the policies from --old to --new changes in decisions.
  --old SIDE      the policies before the change: a bundle (signed or not), or
                  policy sources and, right after them, their --catalog
  --new SIDE      the policies after the change, in the same forms
  --requests RS   decide every request of the log RS (one per line; `-` reads
                  stdin) with both sides, and summarise what changed: allow ->
                  deny, deny -> allow, payment, duties; grouped by use, kind of
                  change and what now decides, with example requests; and the
                  totals paid per currency before and after (docs/analysis.md)
  --format F      `text` (default) or `json` (docs/analysis.md has both shapes)
  --use USE       only requests for USE and the uses below it
  --at TIME       without --requests: only requests at TIME (RFC 3339 or a
                  date); refused with --requests, whose requests carry their own
  --limit K       example requests shown per group, and unreadable lines'
                  numbers listed: 1 to 1000, default 3
  --fail-on-change
                  exit 1 when any decision changed: a gate for policy CI
Without --requests, proves for each use and each catalog work (and any other
work) whether some request is allowed by one side and denied by the other, and
shows such a request, decided by the runtime on both sides (docs/analysis.md).
Exit status: 0 whatever changed; 1 with --fail-on-change when something
changed; 2 bad arguments, unreadable files or sources with errors (and, with
--fail-on-change and no --requests, a change that could not be ruled out).
)";

// Checks what needs no policies, so that a typo fails before any compiling.
bool checkOptions(const Args& common, DiffOptions* options) {
  if (!readDiffOptions(common, options)) return false;
  if (common.has("requests") && common.has("at"))
    return usageError("--at goes without --requests: each request in a log carries its own context.time"), false;
  const std::string format = common.has("format") ? common.get("format") : "text";
  if (format != "text" && format != "json")
    return usageError("unknown format `" + format + "`; expected text or json"), false;
  options->json = format == "json";
  return true;
}

int logDiff(const runtime::Engine& oldEngine, const runtime::Engine& newEngine, const DiffOptions& options,
            const Args& common, std::istream& in) {
  const DiffTally tally = diffRequests(oldEngine, newEngine, options, in);
  if (!in.eof()) return usageError("cannot read `" + common.get("requests") + "`");
  const std::string use = options.use ? oldEngine.bundle().uses[*options.use].name : "";
  if (common.get("format") == "json") writeDiffJson(tally, use, std::cout);
  else writeDiffText(tally, use, std::cout);
  std::cout.flush();
  return options.failOnChange && tally.changed() > 0 ? kExitFailed : kExitOk;
}

}  // namespace

int runDiff(int argc, char** argv) {
  DiffCommandLine command;
  if (!parseDiffCommandLine(argc, argv, 2, &command)) return kExitUsage;
  const Args& common = command.common;
  if (common.has("help") || common.has("h")) return std::cout << kHelp, kExitOk;
  DiffOptions options;
  if (!checkSides(&command) || !checkOptions(common, &options)) return kExitUsage;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (common.has("requests") && common.get("requests") != "-") {
    file.open(common.get("requests"), std::ios::binary);
    if (!file) return usageError("cannot read `" + common.get("requests") + "`");
    in = &file;
  }
  auto oldEngine = loadSide(command.oldSide);
  if (!oldEngine) return kExitUsage;
  auto newEngine = loadSide(command.newSide);
  if (!newEngine || !resolveUse(common, *oldEngine, *newEngine, &options)) return kExitUsage;
  if (common.has("requests")) return logDiff(*oldEngine, *newEngine, options, common, *in);
  return symbolicDiff(*oldEngine, *newEngine, options, std::cout);
}

}  // namespace refrain::cli
